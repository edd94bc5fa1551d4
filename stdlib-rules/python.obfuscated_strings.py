# canary-test: path=mypkg/ob.py artifact=wheel
# Every member of python.obfuscated_strings (all decode to inert text).
# ruleid: obfuscated_strings
A = "\x70\x72\x69\x6e\x74\x28\x27\x69\x6e\x65\x72\x74\x20\x66\x69\x78\x74\x75\x72\x65\x20\x74\x65\x78\x74\x2c\x20\x6e\x6f\x74\x68\x69\x6e\x67\x20\x65\x6c\x73\x65\x27\x29"
# ruleid: obfuscated_strings
B = "\160\162\151\156\164\050\047\151\156\145\162\164\040\146\151\170\164\165\162\145\040\164\145\170\164\054\040\156\157\164\150\151\156\147\040\145\154\163\145\047\051"
# ruleid: obfuscated_strings
C = chr(105) + chr(110) + chr(101) + chr(114) + chr(116) + chr(32) + chr(111) + chr(107)
# ruleid: obfuscated_strings
D = "".join(chr(c) for c in [105, 110, 101, 114, 116])
# ruleid: obfuscated_strings
E = "Obfuscated with PyObfuscate"
# ruleid: obfuscated_strings
F = __import__('\x6f\x73\x2e')
# ok: obfuscated_strings
G = "\x69\x6e\x65\x72\x74\x20\x66\x69\x78\x74\x75\x72\x65\x20\x74\x65\x78\x74"
# ok: obfuscated_strings
H = chr(105) + chr(110) + chr(101) + chr(114) + chr(116) + chr(32) + chr(111)
# ok: obfuscated_strings
I = "".join(chr(c) for c in [65, 66])
# ok: obfuscated_strings
J = "obfuscator settings"
