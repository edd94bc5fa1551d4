version = "1.82.8"
