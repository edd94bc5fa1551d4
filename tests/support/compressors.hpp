// The real compressors, for tests that build compressed inputs the way a
// packer or an attacker would: zlib/gzip streams, bzip2, xz and lzma-alone.
// Link ZLIB, BZip2 and LibLZMA to use them.
#pragma once
#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace canary::test {

// A zlib stream, or with `gzip` a gzip file's bytes.
inline std::string zlib_of(std::string_view in, bool gzip = false) {
  z_stream s{};
  if (deflateInit2(&s, 9, Z_DEFLATED, gzip ? 16 + MAX_WBITS : MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&s, in.size()) + 32, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&s, Z_FINISH);
  out.resize(s.total_out);
  deflateEnd(&s);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

inline std::string bz2_of(std::string_view in) {
  std::string out(in.size() + in.size() / 100 + 700, '\0');
  auto len = static_cast<unsigned>(out.size());
  if (BZ2_bzBuffToBuffCompress(out.data(), &len, const_cast<char*>(in.data()), static_cast<unsigned>(in.size()), 9, 0,
                               0) != BZ_OK)
    throw std::runtime_error("BZ2_bzBuffToBuffCompress failed");
  out.resize(len);
  return out;
}

// An xz file's bytes, or without `xz` the older lzma-alone format.
inline std::string lzma_of(std::string_view in, bool xz) {
  lzma_stream s = LZMA_STREAM_INIT;
  lzma_ret init;
  if (xz) {
    init = lzma_easy_encoder(&s, 6, LZMA_CHECK_CRC64);
  } else {
    lzma_options_lzma opt;
    lzma_lzma_preset(&opt, 6);
    init = lzma_alone_encoder(&s, &opt);
  }
  if (init != LZMA_OK) throw std::runtime_error("lzma encoder failed");
  std::string out(in.size() + 4096, '\0');
  s.next_in = reinterpret_cast<const uint8_t*>(in.data());
  s.avail_in = in.size();
  s.next_out = reinterpret_cast<uint8_t*>(out.data());
  s.avail_out = out.size();
  const lzma_ret rc = lzma_code(&s, LZMA_FINISH);
  out.resize(s.total_out);
  lzma_end(&s);
  if (rc != LZMA_STREAM_END) throw std::runtime_error("lzma_code failed");
  return out;
}

}  // namespace canary::test
