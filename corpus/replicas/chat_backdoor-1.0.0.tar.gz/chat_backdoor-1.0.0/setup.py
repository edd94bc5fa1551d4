from setuptools import setup

setup(name="chat_backdoor", version="1.0.0", packages=["chat_backdoor"])
