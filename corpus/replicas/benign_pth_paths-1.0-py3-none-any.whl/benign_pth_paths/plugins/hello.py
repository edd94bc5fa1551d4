def run(name="world"):
    return "hello, " + name
