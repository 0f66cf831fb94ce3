#include "core/question_json.hpp"

#include <array>
#include <cstdint>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace examsim::core {

using nlohmann::json;

namespace {
json choices(const std::vector<Choice>& list) {
    json arr = json::array();
    for (const auto& c : list) {
        json o{{"id", c.id}, {"text", c.text}};
        if (!c.rationale.empty()) o["rationale"] = c.rationale;
        arr.push_back(o);
    }
    return arr;
}
} // namespace

std::string questionToCanonicalJson(const Question& q) {
    json j;
    j["id"] = q.id;
    j["status"] = std::string(nameOf(q.status));
    j["level"] = std::string(nameOf(q.level));
    j["type"] = std::string(nameOf(q.type));
    j["stem"] = q.stem;
    if (!q.assertion.empty()) j["assertion"] = q.assertion;
    if (!q.reason.empty()) j["reason"] = q.reason;
    if (!q.options.empty()) j["options"] = choices(q.options);
    if (!q.premises.empty()) j["premises"] = choices(q.premises);
    if (!q.items.empty()) j["items"] = choices(q.items);
    switch (q.type) {
    case QuestionType::TrueFalse: j["key"] = q.keyTrue; break;
    case QuestionType::Matching: {
        json k = json::object();
        for (const auto& [p, o] : q.keyPairs) k[p] = o;
        j["key"] = k;
        break;
    }
    case QuestionType::Single:
    case QuestionType::AssertionReason: j["key"] = q.keyIds.empty() ? "" : q.keyIds[0]; break;
    default: j["key"] = q.keyIds; break;
    }
    j["marks"] = q.marks;
    j["partial_marks"] = q.partialMarks;
    j["shuffle"] = q.shuffle;
    j["explanation"] = q.explanation;
    json refs = json::array();
    for (const auto& r : q.references) {
        json o{{"edition", r.edition}, {"clause", r.clause}};
        if (r.standard != "ISO/IEC 20000") o["standard"] = r.standard;
        if (!r.part.empty()) o["part"] = r.part;
        if (!r.note.empty()) o["note"] = r.note;
        refs.push_back(o);
    }
    j["references"] = refs;
    j["topic"] = q.topic;
    if (!q.secondaryTopics.empty()) j["secondary_topics"] = q.secondaryTopics;
    j["difficulty"] = q.difficulty;
    j["cognitive_level"] = std::string(nameOf(q.cognitiveLevel));
    if (!q.caseStudy.empty()) j["case_study"] = q.caseStudy;
    if (q.itil) j["itil"] = json{{"version", q.itil->version}, {"name", q.itil->name}};
    if (!q.tags.empty()) j["tags"] = q.tags;
    return j.dump();
}

// SHA-256 (FIPS 180-4), small and dependency-free: hashes only short snapshots.
std::string sha256Hex(const std::string& data) {
    static constexpr std::array<std::uint32_t, 64> k{
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
        0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
        0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
        0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
        0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    std::array<std::uint32_t, 8> h{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::string msg = data;
    const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
    msg += static_cast<char>(0x80);
    while (msg.size() % 64 != 56) msg += '\0';
    for (int i = 7; i >= 0; --i) msg += static_cast<char>((bits >> (i * 8)) & 0xff);
    auto rotr = [](std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
    for (std::size_t chunk = 0; chunk < msg.size(); chunk += 64) {
        std::array<std::uint32_t, 64> w{};
        for (int i = 0; i < 16; ++i)
            for (int b = 0; b < 4; ++b) w[i] = (w[i] << 8) | static_cast<unsigned char>(msg[chunk + static_cast<std::size_t>(i * 4 + b)]);
        for (int i = 16; i < 64; ++i) {
            const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        auto v = h;
        for (int i = 0; i < 64; ++i) {
            const std::uint32_t S1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25);
            const std::uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
            const std::uint32_t t1 = v[7] + S1 + ch + k[static_cast<std::size_t>(i)] + w[static_cast<std::size_t>(i)];
            const std::uint32_t S0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22);
            const std::uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            const std::uint32_t t2 = S0 + maj;
            v = {t1 + t2, v[0], v[1], v[2], v[3] + t1, v[4], v[5], v[6]};
        }
        for (std::size_t i = 0; i < 8; ++i) h[i] += v[i];
    }
    std::string out;
    for (auto x : h) out += fmt::format("{:08x}", x);
    return out;
}

} // namespace examsim::core
