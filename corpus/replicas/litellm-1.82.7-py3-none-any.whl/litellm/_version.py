version = "1.82.7"
