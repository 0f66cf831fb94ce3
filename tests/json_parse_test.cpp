// Issue 10: the one-pass parser (core/json_parse) must report exactly what the scan followed by
// json::parse reported, and build exactly the DOM json::parse builds.
#include "core/json_checker.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace examsim::core;
using nlohmann::json;

namespace {

// The code loadBankFile had before issue 10, as the reference.
CheckedJson reference(const SourceFile& source, const JsonLimits& limits) {
    CheckedJson out;
    ScanReport scan = scanJson(source.text(), limits);
    if (scan.limitExceeded) {
        out.failure = source.atOffset(Severity::Error, scan.limitExceeded->offset, scan.limitExceeded->pointer,
                                      scan.limitExceeded->message);
        return out;
    }
    try {
        out.root = json::parse(source.text());
    } catch (const json::parse_error& e) {
        out.failure = source.atOffset(Severity::Error, e.byte > 0 ? e.byte - 1 : 0, "",
                                      JsonChecker::parseErrorMessage(e.what()));
        return out;
    }
    out.duplicates = scan.duplicates;
    return out;
}

// Same value and same value types all the way down (json's == compares 1 and 1.0 as equal).
bool sameDom(const json& a, const json& b) {
    if (a.type() != b.type()) return false;
    if (a.is_object()) {
        if (a.size() != b.size()) return false;
        for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib)
            if (ia.key() != ib.key() || !sameDom(*ia, *ib)) return false;
        return true;
    }
    if (a.is_array()) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!sameDom(a[i], b[i])) return false;
        return true;
    }
    return a == b;
}

void checkSame(const std::string& text, const JsonLimits& limits = {}) {
    CAPTURE(text.size() < 200 ? text : text.substr(0, 200));
    const SourceFile source("test.json", text);
    const CheckedJson got = parseChecked(source, limits);
    const CheckedJson want = reference(source, limits);
    REQUIRE(got.failure.has_value() == want.failure.has_value());
    if (want.failure) {
        CHECK(format(*got.failure) == format(*want.failure));
        return;
    }
    CHECK(sameDom(got.root, want.root));
    REQUIRE(got.duplicates.size() == want.duplicates.size());
    for (std::size_t i = 0; i < want.duplicates.size(); ++i) {
        CHECK(got.duplicates[i].keyOffset == want.duplicates[i].keyOffset);
        CHECK(got.duplicates[i].pointer == want.duplicates[i].pointer);
    }
}

std::string readText(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("the one-pass parser builds the same documents as json::parse from every shipped and test file") {
    int files = 0;
    for (const char* dir : {"question-banks", "question-banks/schema", "tests/data", "tests/data/lint"}) {
        const auto folder = std::filesystem::path(EXAMSIM_TEST_SOURCE_DIR) / dir;
        if (!std::filesystem::is_directory(folder)) continue;
        for (const auto& e : std::filesystem::directory_iterator(folder))
            if (e.path().extension() == ".json") {
                checkSame(readText(e.path()));
                ++files;
            }
    }
    CHECK(files > 15);
}

TEST_CASE("the one-pass parser agrees with the scan and json::parse on values of every kind") {
    for (const char* text :
         {"{}", "[]", " {\"a\" : [1, -1, 0, -0, 1.5, -2.5e3, 1E+2, 1e-2, 0.0, 123456789012345678, -123456789012345678]} ",
          "[123456789012345678901, -9223372036854775809, 18446744073709551615, 18446744073709551616, 1.7976931348623157e308, 1e-400]",
          "[true, false, null]", R"({"s": "a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\u20ac\ud83d\ude00 \u0000 end"})",
          "{\"raw\": \"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \x7F\"}", "{\"a\": {\"b\": [[], {}, [{}]]}}",
          "\xEF\xBB\xBF{\"bom\": 1}", "  [1]  \n"})
        checkSame(text);
}

TEST_CASE("the one-pass parser reports broken documents exactly as before") {
    for (const char* text :
         {"", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a: 1}", "[01]", "[1.]", "[1e]", "[-]", "[+1]", "[.5]",
          "[tru]", "[nul]", "[True]", "{\"a\": 1} x", "[\"\\x\"]", "[\"\\u12\"]", "[\"\\ud800\"]", "[\"\\udc00\"]",
          "[\"\\ud800\\u0041\"]", "[\"a\tb\"]", "[\"a\nb\"]", "[\"unterminated", "[\"\xC3\"]", "[\"\xC0\x80\"]",
          "[\"\xED\xA0\x80\"]", "[\"\xF4\x90\x80\x80\"]", "[\"\xFF\"]", "{\"a\": 1, \"a\": 2}",
          "{\"x\": {\"b\": 1, \"b\": [2]}, \"x\": 3}", "[1] // comment", "[1]]", "{\"a\":[}"})
        checkSame(text);
}

TEST_CASE("the one-pass parser keeps the nesting and string limits of the scan") {
    const JsonLimits limits{4, 10};
    checkSame("[[[[1]]]]", limits);
    checkSame("[[[[[1]]]]]", limits);
    checkSame("{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}", limits);
    checkSame("[\"0123456789\"]", limits);
    checkSame("[\"01234567890\"]", limits);
    checkSame("[\"\\u00e9123456789\"]", limits);
    checkSame("[\"\\u00e91234567890\"]", limits);
    checkSame("[\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\"]", limits);
    checkSame("[\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\"]", limits);
    checkSame("{\"0123456789x\": 1}", limits);
    checkSame("[\"\\ud83d\\ude00123456789\"]", limits);
    checkSame("[\"012345678901\", tru]", limits); // the limit comes first
    checkSame("[tru, \"012345678901\"]", limits); // the syntax error comes first
    checkSame("[[[[[1]]]]] x", limits);
    checkSame("[\"a\", [[[[1]]]], \"a\"]", limits);
}
