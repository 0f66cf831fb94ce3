#include "core/records/sha1.hpp"

#include <cctype>
#include <fmt/format.h>
#include <vector>

namespace examsim::core {

namespace {
std::uint32_t rol(std::uint32_t v, int n) {
    return (v << n) | (v >> (32 - n));
}
} // namespace

std::array<std::uint8_t, 20> sha1(std::string_view data) {
    std::uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    std::vector<std::uint8_t> msg(data.begin(), data.end());
    const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
    msg.push_back(0x80);
    while (msg.size() % 64 != 56) msg.push_back(0);
    for (int i = 7; i >= 0; --i) msg.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
    for (std::size_t block = 0; block < msg.size(); block += 64) {
        std::uint32_t w[80];
        for (int t = 0; t < 16; ++t)
            w[t] = (std::uint32_t{msg[block + 4 * t]} << 24) | (std::uint32_t{msg[block + 4 * t + 1]} << 16) |
                   (std::uint32_t{msg[block + 4 * t + 2]} << 8) | std::uint32_t{msg[block + 4 * t + 3]};
        for (int t = 16; t < 80; ++t) w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int t = 0; t < 80; ++t) {
            std::uint32_t f, k;
            if (t < 20)
                f = (b & c) | (~b & d), k = 0x5A827999;
            else if (t < 40)
                f = b ^ c ^ d, k = 0x6ED9EBA1;
            else if (t < 60)
                f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
            else
                f = b ^ c ^ d, k = 0xCA62C1D6;
            const std::uint32_t temp = rol(a, 5) + f + e + k + w[t];
            e = d, d = c, c = rol(b, 30), b = a, a = temp;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
    }
    std::array<std::uint8_t, 20> out{};
    for (int i = 0; i < 20; ++i) out[i] = static_cast<std::uint8_t>(h[i / 4] >> (24 - 8 * (i % 4)));
    return out;
}

std::string sha1Hex(std::string_view data) {
    std::string out;
    for (const auto b : sha1(data)) out += fmt::format("{:02x}", b);
    return out;
}

bool isUuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
}

std::string uuidV5(std::string_view ns, std::string_view name) {
    if (!isUuid(ns)) return "";
    std::string input;
    for (std::size_t i = 0; i < ns.size(); i += 2) {
        if (ns[i] == '-') ++i;
        input += static_cast<char>(std::stoi(std::string(ns.substr(i, 2)), nullptr, 16));
    }
    input += name;
    auto h = sha1(input);
    h[6] = static_cast<std::uint8_t>((h[6] & 0x0F) | 0x50); // version 5
    h[8] = static_cast<std::uint8_t>((h[8] & 0x3F) | 0x80); // variant 10
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += fmt::format("{:02x}", h[i]);
    }
    return out;
}

} // namespace examsim::core
