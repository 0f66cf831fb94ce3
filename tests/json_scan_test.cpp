// The JSON position scanner: pointers to offsets, escaping, line and column counting.
#include "core/json_scan.hpp"
#include "core/text.hpp"

#include <doctest/doctest.h>

using namespace examsim::core;

TEST_CASE("pointer tokens are escaped as RFC 6901 says") {
    CHECK(pointerToken("a/b~c") == "a~1b~0c");
    CHECK(pointerToken("plain") == "plain");
}

TEST_CASE("the position index finds values - member names and nearest ancestors") {
    const std::string text = "{\n  \"a\": [10, {\"b/c\": true}],\n  \"\\u00e9\": null\n}";
    PositionIndex index(text);
    LineIndex lines(text);
    auto at = [&](const std::string& p) {
        auto lc = lines.at(index.find(p).valueOffset);
        return std::to_string(lc.line) + ":" + std::to_string(lc.column);
    };
    CHECK(at("") == "1:1");
    CHECK(at("/a") == "2:8");
    CHECK(at("/a/0") == "2:9");
    CHECK(at("/a/1/b~1c") == "2:21");
    CHECK(at("/\xC3\xA9") == "3:13");
    CHECK(at("/a/1/missing") == "2:13"); // falls back to the object
    const auto key = lines.at(index.find("/a").keyOffset);
    CHECK(key.line == 2);
    CHECK(key.column == 3);
}

TEST_CASE("the scanner reports repeated member names and stays quiet on valid input") {
    const auto report = scanJson(R"({"a": 1, "b": {"x": 1, "x": 2}, "a": 3})", JsonLimits{});
    CHECK(report.syntaxOk);
    CHECK_FALSE(report.limitExceeded);
    REQUIRE(report.duplicates.size() == 2);
    CHECK(report.duplicates[0].pointer == "/b/x");
    CHECK(report.duplicates[1].pointer == "/a");
}

TEST_CASE("the scanner stops on broken input without crashing") {
    for (const char* text : {"{", "[1,", "{\"a\"", "{\"a\":}", "\"unterminated", "[\"\\u12", "]"}) {
        CAPTURE(text);
        const auto report = scanJson(text, JsonLimits{});
        CHECK_FALSE(report.syntaxOk);
    }
}

TEST_CASE("UTF-8 helpers") {
    std::size_t pos = 0;
    CHECK(decodeUtf8("\xE2\x82\xAC", pos) == char32_t{0x20AC});
    CHECK(pos == 3);
    pos = 0;
    CHECK_FALSE(decodeUtf8("\xC0\xAF", pos)); // overlong
    pos = 0;
    CHECK_FALSE(decodeUtf8("\xE2\x82", pos)); // truncated
    CHECK(countCharacters("h\xC3\xA9llo") == 5);
    CHECK(isDisplayable(0x2264));
    CHECK_FALSE(isDisplayable(0x1F600));
    CHECK(normalizedForComparison("  Part   ONE ") == "part one");
    CHECK(editDistance("explantion", "explanation") == 1);
}
