// SHA-256 against the FIPS 180-2 test vectors, streamed in awkward chunks.
#include <catch2/catch.hpp>

#include "engine/sha256.hpp"
#include "support/artifact_builder.hpp"

using namespace canary;

TEST_CASE("sha256 matches the standard test vectors", "[sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsm"
                   "nopqrstnopqrstu") == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("sha256 of a million 'a' streamed in odd chunk sizes", "[sha256]") {
  const std::string million(1000000, 'a');
  const std::string expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  CHECK(sha256_hex(million) == expected);
  for (size_t chunk : {size_t(1), size_t(3), size_t(63), size_t(64), size_t(65), size_t(997), size_t(4099)}) {
    Sha256 h;
    for (size_t off = 0; off < million.size(); off += chunk) h.update(std::string_view(million).substr(off, chunk));
    INFO("chunk size " << chunk);
    CHECK(h.finish_hex() == expected);
  }
}

TEST_CASE("sha256 padding boundaries agree between one-shot and byte-wise hashing", "[sha256]") {
  // Lengths around 55/56/64 bytes are where the length field spills into an extra block.
  for (size_t len = 0; len <= 130; ++len) {
    std::string data(len, '\0');
    for (size_t i = 0; i < len; ++i) data[i] = char('A' + i % 26);
    Sha256 h;
    for (char c : data) h.update(&c, 1);
    INFO("length " << len);
    CHECK(h.finish_hex() == sha256_hex(data));
  }
  CHECK(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

TEST_CASE("a finished hasher starts over", "[sha256]") {
  Sha256 h;
  h.update("abc");
  const std::string first = h.finish_hex();
  h.update("abc");
  CHECK(h.finish_hex() == first);
}

TEST_CASE("sha256_file_hex streams a file and reports unreadable paths", "[sha256]") {
  test::TempDir dir;
  std::string content;
  for (int i = 0; i < 300000; ++i) content += char(i * 7 + 3);  // > several read buffers
  test::write_file(dir / "blob", content);
  std::string error;
  CHECK(sha256_file_hex(dir / "blob", error) == sha256_hex(content));
  CHECK(error.empty());

  test::write_file(dir / "empty", "");
  CHECK(sha256_file_hex(dir / "empty", error) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  error.clear();
  CHECK(sha256_file_hex(dir / "missing", error).empty());
  CHECK_THAT(error, Catch::Contains("missing"));

  error.clear();
  CHECK(sha256_file_hex(dir.path(), error).empty());
  CHECK_FALSE(error.empty());
}

TEST_CASE("reset forgets what was hashed", "[sha256]") {
  canary::Sha256 h;
  h.update("partial download that is retried");
  h.reset();
  h.update("abc");
  CHECK(h.finish_hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
