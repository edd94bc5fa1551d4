# Stub of PyArmor's runtime module (the real one loads _pytransform.so).
def pyarmor_runtime(path=None, suffix="", advanced=0):
    return None
