import os

from setuptools import find_packages, setup

here = os.path.abspath(os.path.dirname(__file__))
with open(os.path.join(here, "README.md"), encoding="utf-8") as f:
    long_description = f.read()

setup(
    name="benign_sdist",
    version="1.0",
    description="Small statistics helpers",
    long_description=long_description,
    long_description_content_type="text/markdown",
    author="Example Maintainers",
    author_email="maintainers@example.com",
    url="https://example.com/benign_sdist",
    license="MIT",
    packages=find_packages(exclude=["tests"]),
    python_requires=">=3.8",
    classifiers=[
        "License :: OSI Approved :: MIT License",
        "Programming Language :: Python :: 3",
    ],
)
