// Little-endian binary writing and bounds-checked reading, for the compiled
// pack cache (pack_serialize). The reader never reads past its buffer: after
// the first failed read it is `failed()` and every later read returns zero
// values, so a decoder can read a whole record and check once.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace canary {

class ByteWriter {
 public:
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void i32(int32_t v) { u32(static_cast<uint32_t>(v)); }
  void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  void str(std::string_view s) {
    u64(s.size());
    out_.append(s.data(), s.size());
  }
  void raw(std::string_view s) { out_.append(s.data(), s.size()); }
  const std::string& bytes() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void put(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool failed() const { return failed_; }
  bool at_end() const { return pos_ == in_.size(); }
  size_t remaining() const { return in_.size() - pos_; }
  // Marks the input as invalid (a decoder found a value out of range).
  void fail() { failed_ = true; }

  uint8_t u8() { return static_cast<uint8_t>(get(1)); }
  uint32_t u32() { return static_cast<uint32_t>(get(4)); }
  uint64_t u64() { return get(8); }
  int32_t i32() { return static_cast<int32_t>(u32()); }
  int64_t i64() { return static_cast<int64_t>(u64()); }
  bool boolean() {
    uint8_t v = u8();
    if (v > 1) failed_ = true;
    return v == 1;
  }
  std::string str() { return std::string(view(u64())); }
  // `n` bytes as a view into the input; empty (and failed) when fewer remain.
  std::string_view view(uint64_t n) {
    if (failed_ || n > remaining()) {
      failed_ = true;
      return {};
    }
    std::string_view v = in_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  // A count of items that each take at least `min_item_bytes`: one larger than
  // the rest of the input could hold is corrupt, and would otherwise make a
  // decoder reserve huge amounts of memory.
  size_t count(size_t min_item_bytes = 1) {
    uint64_t n = u64();
    if (failed_ || (min_item_bytes && n > remaining() / min_item_bytes)) {
      failed_ = true;
      return 0;
    }
    return static_cast<size_t>(n);
  }

 private:
  uint64_t get(int n) {
    if (failed_ || remaining() < static_cast<size_t>(n)) {
      failed_ = true;
      return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(in_[pos_ + i])) << (8 * i);
    pos_ += n;
    return v;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace canary
