// Wheel compatibility tags (registry/wheel_tags.hpp): how `canary install`
// picks the wheel pip would accept.
#include <catch2/catch.hpp>

#include "registry/wheel_tags.hpp"

using namespace canary::registry;

TEST_CASE("wheel tags: every python-abi-platform combination of a file name", "[install][wheel]") {
  CHECK(wheel_tags("litellm-1.82.6-py3-none-any.whl") == std::vector<std::string>{"py3-none-any"});
  CHECK(wheel_tags("six-1.16.0-py2.py3-none-any.whl") == std::vector<std::string>{"py2-none-any", "py3-none-any"});
  CHECK(wheel_tags("numpy-2.1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl") ==
        std::vector<std::string>{"cp311-cp311-manylinux_2_17_x86_64", "cp311-cp311-manylinux2014_x86_64"});
  CHECK(wheel_tags("pkg-1.0-1build-py3-none-any.whl") == std::vector<std::string>{"py3-none-any"});
  CHECK(wheel_tags("Pkg-1.0-PY3-None-Any.WHL") == std::vector<std::string>{"py3-none-any"});
  CHECK(wheel_tags("pkg-1.0.tar.gz").empty());
  CHECK(wheel_tags("pkg-1.0-py3.whl").empty());
}

TEST_CASE("wheel tags: pure Python 3 wheels fit any Python 3", "[install][wheel]") {
  CHECK(is_pure_python3_wheel("litellm-1.82.6-py3-none-any.whl"));
  CHECK(is_pure_python3_wheel("six-1.16.0-py2.py3-none-any.whl"));
  CHECK(is_pure_python3_wheel("x-1.0-py311-none-any.whl"));
  CHECK_FALSE(is_pure_python3_wheel("old-1.0-py2-none-any.whl"));
  CHECK_FALSE(is_pure_python3_wheel("x-1.0-cp311-none-any.whl"));
  CHECK_FALSE(is_pure_python3_wheel("x-1.0-py3-none-manylinux1_x86_64.whl"));
  CHECK_FALSE(is_pure_python3_wheel("x-1.0-py3-abi3-any.whl"));
}

TEST_CASE("wheel tags: a wheel ranks by its best tag in the interpreter's list", "[install][wheel]") {
  const std::vector<std::string> supported{"cp311-cp311-manylinux_2_36_x86_64", "cp311-cp311-manylinux2014_x86_64",
                                           "cp311-abi3-manylinux2014_x86_64", "py3-none-any"};
  CHECK(wheel_rank("np-2.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", supported) == 1u);
  CHECK(wheel_rank("c-1.0-cp311-abi3-manylinux2014_x86_64.whl", supported) == 2u);
  CHECK(wheel_rank("p-1.0-py3-none-any.whl", supported) == 3u);
  CHECK_FALSE(wheel_rank("np-2.1-cp312-cp312-manylinux2014_x86_64.whl", supported).has_value());
  CHECK_FALSE(wheel_rank("np-2.1-cp311-cp311-win_amd64.whl", supported).has_value());
}
