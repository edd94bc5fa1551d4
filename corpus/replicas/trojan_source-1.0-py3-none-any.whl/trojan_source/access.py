# Replica of Trojan Source (CVE-2021-42574) and homoglyph tricks. Inert: the
# functions only compare strings.


def is_admin(level):
    # A right-to-left override inside the string: editors show the comparison
    # ending at "user", Python compares against a longer string.
    if level != "user‮ ⁦# Check if admin⁩ ⁦":
        return True
    return False


def check(name):
    # `is_аdmin` below has a Cyrillic a: a different function from is_admin.
    return is_аdmin(name)


def is_аdmin(name):
    return True
