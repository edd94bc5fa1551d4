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

// An xz file (as written by lzma_of or any single-threaded encoder: one
// block, no sizes in its header) rewritten to declare an LZMA2 dictionary of
// property `prop` (36: 1 GiB), its header checksum fixed. A larger dictionary
// than the data was compressed with still decodes it, so the stream stays
// valid while the decoder is asked for that much memory.
inline std::string declare_xz_dictionary(std::string xz, uint8_t prop) {
  const size_t at = 12;  // the stream header's size
  if (xz.size() < at + 8) throw std::runtime_error("not an xz file");
  const size_t header_size = (static_cast<uint8_t>(xz[at]) + 1u) * 4u;
  // block flags: one filter, no sizes; the filter is LZMA2 (0x21) with one byte of properties
  if (xz[at + 1] != 0 || xz[at + 2] != 0x21 || xz[at + 3] != 1 || xz.size() < at + header_size)
    throw std::runtime_error("unexpected xz block header");
  xz[at + 4] = static_cast<char>(prop);
  const uint32_t crc = lzma_crc32(reinterpret_cast<const uint8_t*>(xz.data() + at), header_size - 4, 0);
  for (int i = 0; i < 4; ++i) xz[at + header_size - 4 + i] = static_cast<char>((crc >> (8 * i)) & 0xff);
  return xz;
}

}  // namespace canary::test
