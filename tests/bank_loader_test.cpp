// Every class of finding the bank loader reports, with its exact message and position.
#include "core/bank_loader.hpp"
#include "core/diagnostic.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <functional>
#include <nlohmann/json.hpp>

using namespace examsim::core;
using nlohmann::json;

namespace {

std::string baseText() { return examsim::test::readFile(examsim::test::sourceDir() / "tests/data/valid-bank.json"); }

struct Loaded {
    BankFileResult result;
    std::vector<std::string> lines; // formatted diagnostics
};

Loaded loadText(const std::string& text) {
    SourceFile source("bank.json", text);
    Loaded l{loadBankFile(source), {}};
    for (const auto& d : l.result.diagnostics) l.lines.push_back(format(d));
    return l;
}

// The base bank, changed by `edit`, written with 2-space indentation.
Loaded loadEdited(const std::function<void(json&)>& edit) {
    json j = json::parse(baseText());
    edit(j);
    return loadText(j.dump(2));
}

// The findings other than the base bank's one expected warning (the draft T-007).
std::vector<std::string> findings(const Loaded& l) {
    std::vector<std::string> out;
    for (const auto& d : l.result.diagnostics)
        if (d.pointer != "/questions/6/key") out.push_back(d.pointer + ": " + (d.severity == Severity::Error ? "error: " : "warning: ") + d.message);
    return out;
}

void expectOnly(const Loaded& l, const std::string& expected) {
    const auto f = findings(l);
    REQUIRE(f.size() == 1);
    CHECK(f[0] == expected);
}

} // namespace

TEST_CASE("the base bank loads with every question type and one draft warning") {
    const auto l = loadText(baseText());
    REQUIRE((l.result.kind == BankFileResult::Kind::Bank));
    CHECK_FALSE(l.result.hasErrors());
    REQUIRE(l.lines.size() == 1);
    CHECK(l.lines[0] == R"(bank.json:103:14: /questions/6/key: warning: key "z" names no option (options: a, b))");
    const Bank& b = *l.result.bank;
    CHECK(b.info.id == "test-bank");
    CHECK(b.info.standardEdition == 2018);
    REQUIRE(b.questions.size() == 7);
    CHECK(b.questions[0].keyIds == std::vector<std::string>{"a"});
    CHECK(b.questions[1].keyIds == std::vector<std::string>{"a", "b"});
    CHECK(b.questions[1].marks == 2.0);
    CHECK(b.questions[1].partialMarks);
    CHECK(b.questions[2].keyTrue);
    REQUIRE(b.questions[3].keyPairs.size() == 2);
    CHECK(b.questions[3].keyPairs[1] == std::pair<std::string, std::string>{"2", "b"});
    CHECK(b.questions[4].keyIds == std::vector<std::string>{"c", "b", "a"});
    CHECK_FALSE(b.questions[4].shuffle);
    CHECK(b.questions[5].assertion == "Major incidents need documented criteria.");
    CHECK(b.questions[5].itil->name == "Incident management");
    CHECK((b.questions[6].status == Status::Draft));
    CHECK(b.questions[6].references[0].standard == "ISO 19011");
    CHECK(b.questions[0].references[0].standard == "ISO/IEC 20000");
}

TEST_CASE("syntax errors give the line and column where parsing stopped") {
    SUBCASE("truncated file") {
        const auto l = loadText("{\n  \"format\": \"examsim-bank\",\n  \"bank\": {");
        REQUIRE(l.lines.size() == 1);
        CHECK(l.lines[0] ==
              "bank.json:3:12: (document): error: syntax error: object key - unexpected end of input; expected string literal");
    }
    SUBCASE("missing comma") {
        const auto l = loadText("{\n  \"a\": 1\n  \"b\": 2\n}");
        REQUIRE(l.lines.size() == 1);
        CHECK(l.lines[0] ==
              "bank.json:3:5: (document): error: syntax error: object - unexpected string literal; expected '}'");
    }
    SUBCASE("trailing comma") {
        const auto l = loadText("{\"a\": [1, 2, ]}");
        REQUIRE(l.lines.size() == 1);
        CHECK(l.lines[0] == "bank.json:1:14: (document): error: syntax error: value - unexpected ']'; expected '[', '{', or a literal");
    }
    SUBCASE("invalid UTF-8 in a string") {
        const auto l = loadText("{\"a\": \"caf\xC3\x28\"}");
        REQUIRE(l.lines.size() == 1);
        CHECK(l.lines[0] == "bank.json:1:12: (document): error: syntax error: value - invalid string: ill-formed UTF-8 byte");
    }
    SUBCASE("columns count characters, not bytes") {
        const auto l = loadText("{\"é\": \"ü\" x}");
        REQUIRE(l.lines.size() == 1);
        CHECK(l.lines[0].rfind("bank.json:1:11: ", 0) == 0);
    }
}

TEST_CASE("limits stop hostile input before parsing") {
    SUBCASE("deep nesting") {
        const auto l = loadText(std::string(100000, '[') + std::string(100000, ']'));
        REQUIRE(l.lines.size() == 1);
        CHECK(l.lines[0] == "bank.json:1:33: /0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0: error: "
                            "nesting deeper than 32 levels (the limit for bank files)");
    }
    SUBCASE("a huge string") {
        const auto l = loadText("{\"stem\": \"" + std::string(100001, 'x') + "\"}");
        REQUIRE(l.lines.size() == 1);
        CHECK(l.lines[0] == "bank.json:1:10: /stem: error: string longer than 100000 characters (the limit for bank files)");
    }
}

TEST_CASE("files that are not banks") {
    CHECK(loadText("[1, 2]").lines.at(0) == "bank.json:1:1: (document): error: a bank must be a JSON object, not an array");
    CHECK(loadText("{\"questions\": []}").lines.at(0) ==
          R"(bank.json:1:1: (document): error: not a question bank: missing "format": "examsim-bank")");
    CHECK(loadText("{\"format\": \"quiz\"}").lines.at(0) ==
          R"(bank.json:1:12: /format: error: "format" must be "examsim-bank", not "quiz")");
    const auto other = loadText("{\"format\": \"examsim-exams\", \"profiles\": []}");
    CHECK((other.result.kind == BankFileResult::Kind::OtherFormat));
    CHECK(other.lines.empty());
    CHECK(loadEdited([](json& j) { j["format_version"] = 2; }).lines.at(0) ==
          "bank.json:27:21: /format_version: error: unsupported format_version 2; this program reads version 1");
}

TEST_CASE("shape: missing fields - wrong types - bad values") {
    expectOnly(loadEdited([](json& j) { j["questions"][0].erase("stem"); }),
               R"(/questions/0: error: missing required field "stem")");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["stem"] = 42; }),
               R"(/questions/0/stem: error: "stem" must be a string, not a number)");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["stem"] = "  \n "; }), R"(/questions/0/stem: error: "stem" is empty)");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["explanation"] = ""; }),
               R"(/questions/0/explanation: error: "explanation" is empty)");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["level"] = "basic"; }),
               R"(/questions/0/level: error: "level" must be one of "foundation", "practitioner", "auditor", not "basic")");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["type"] = "essay"; }),
               R"(/questions/0/type: error: "type" must be one of "single", "multiple", "true_false", "matching", "sequencing", "assertion_reason", not "essay")");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["difficulty"] = 4; }),
               R"(/questions/0/difficulty: error: "difficulty" must be a whole number from 1 to 3, not 4)");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["id"] = "has space"; }),
               R"(/questions/0/id: error: invalid id "has space": use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit)");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["references"] = json::array(); }),
               R"(/questions/0/references: error: "references" must hold at least one reference)");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["references"][0].erase("part"); }),
               R"(/questions/0/references/0: error: missing required field "part" (or name another "standard", e.g. "ISO 19011"))");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["options"] = "a, b"; }),
               R"(/questions/0/options: error: "options" must be an array, not a string)");
    expectOnly(loadEdited([](json& j) { j["bank"]["version"] = "v1"; }),
               R"(/bank/version: error: "version" must look like 1.0 or 1.0.0, not "v1")");
    expectOnly(loadEdited([](json& j) { j["bank"]["authors"] = json::array(); }),
               R"(/bank/authors: error: "authors" must name at least one author)");
    expectOnly(loadEdited([](json& j) { j["topics"][1]["part"] = 1; }),
               R"(/topics/1/part: error: "part" must be a string such as "1" or "17021-1", not a number)");
    expectOnly(loadEdited([](json& j) { j["questions"][5]["itil"]["version"] = "v5"; }),
               R"(/questions/5/itil/version: error: "version" must be one of "v2", "v3", "2011", "4", not "v5")");
}

TEST_CASE("unknown fields are warnings with a suggestion - and the bank still loads") {
    const auto l = loadEdited([](json& j) { j["questions"][0]["explantion"] = "typo"; });
    expectOnly(l, R"(/questions/0/explantion: warning: unknown field "explantion" (did you mean "explanation"?))");
    CHECK_FALSE(l.result.hasErrors());
    expectOnly(loadEdited([](json& j) { j["bank"]["colour"] = "red"; }), R"(/bank/colour: warning: unknown field "colour")");
}

TEST_CASE("an unknown field's position is its name") {
    const auto l = loadText(R"({"format": "examsim-bank", "format_version": 1, "questions": [], "bank": {"id": "x", "title": "t",
"version": "1.0", "language": "en", "license": "l", "authors": ["a"], "standard": {"name": "n", "edition": 2018},
  "extra": true}})");
    REQUIRE(l.lines.size() == 1);
    CHECK(l.lines[0] == R"(bank.json:3:3: /bank/extra: warning: unknown field "extra")");
}

TEST_CASE("a repeated field name is a warning") {
    const auto l = loadText(R"({"format": "examsim-bank", "format": "examsim-bank", "format_version": 1, "questions": [], "bank": {"id": "x", "title": "t",
"version": "1.0", "language": "en", "license": "l", "authors": ["a"], "standard": {"name": "n", "edition": 2018}}})");
    REQUIRE(l.lines.size() == 1);
    CHECK(l.lines[0] == "bank.json:1:28: /format: warning: field appears more than once in this object; only the last value counts");
}

TEST_CASE("keys") {
    expectOnly(loadEdited([](json& j) { j["questions"][0]["key"] = "e"; }),
               R"(/questions/0/key: error: key "e" names no option (options: a, b, c, d))");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["key"] = json::array({"a", "b"}); }),
               R"(/questions/0/key: error: a "single" question has exactly one key, not 2 (use type "multiple" for several correct options))");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["key"] = 1; }),
               R"(/questions/0/key: error: "key" of a "single" question must be an option id such as "b", not a number)");
    expectOnly(loadEdited([](json& j) { j["questions"][0].erase("key"); }), R"(/questions/0: error: missing required field "key")");
    expectOnly(loadEdited([](json& j) { j["questions"][1]["key"] = json::array({"a"}); }),
               R"(/questions/1/key: error: a "multiple" question needs at least two keys, not 1 (use type "single" for one correct option))");
    expectOnly(loadEdited([](json& j) { j["questions"][1]["key"] = json::array({"a", "b", "c", "d"}); }),
               "/questions/1/key: error: every option is a key: a multiple-response question needs at least one option to reject");
    expectOnly(loadEdited([](json& j) { j["questions"][1]["key"] = json::array({"a", "a"}); }),
               R"(/questions/1/key/1: error: key "a" is listed twice)");
    expectOnly(loadEdited([](json& j) { j["questions"][1]["key"] = json::array({"a", "x"}); }),
               R"(/questions/1/key/1: error: key "x" names no option (options: a, b, c, d))");
    expectOnly(loadEdited([](json& j) { j["questions"][2]["key"] = "true"; }),
               R"(/questions/2/key: error: "key" of a "true_false" question must be true or false, not a string)");
    expectOnly(loadEdited([](json& j) { j["questions"][5]["key"] = "f"; }),
               R"(/questions/5/key: error: "key" of an "assertion_reason" question must be one of "a", "b", "c", "d", "e", not "f")");
}

TEST_CASE("matching and sequencing keys must fit their items") {
    expectOnly(loadEdited([](json& j) { j["questions"][3]["key"].erase("2"); }),
               R"(/questions/3/key: error: key does not match premise "2" to any option)");
    expectOnly(loadEdited([](json& j) { j["questions"][3]["key"]["3"] = "a"; }),
               R"(/questions/3/key/3: error: key names premise "3", which does not exist (premises: 1, 2))");
    expectOnly(loadEdited([](json& j) { j["questions"][3]["key"]["2"] = "z"; }),
               R"(/questions/3/key/2: error: premise "2" is matched to "z", which names no option (options: a, b, c))");
    expectOnly(loadEdited([](json& j) { j["questions"][4]["key"] = json::array({"c", "b"}); }),
               R"(/questions/4/key: error: key leaves out item "a": it must list every item once)");
    expectOnly(loadEdited([](json& j) { j["questions"][4]["key"] = json::array({"c", "b", "a", "b"}); }),
               R"(/questions/4/key/3: error: key lists item "b" twice)");
    const auto unknownItem = findings(loadEdited([](json& j) { j["questions"][4]["key"] = json::array({"c", "b", "q"}); }));
    REQUIRE(unknownItem.size() == 2);
    CHECK(unknownItem[0] == R"(/questions/4/key: error: key leaves out item "a": it must list every item once)");
    CHECK(unknownItem[1] == R"(/questions/4/key/2: error: key "q" names no item (items: a, b, c))");
}

TEST_CASE("option lists") {
    expectOnly(loadEdited([](json& j) { j["questions"][0]["options"][3]["text"] = " 8.6.1 "; }),
               R"(/questions/0/options/3/text: error: same text as /questions/0/options/0 (" 8.6.1 "))");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["options"][3]["id"] = "a"; }),
               R"(/questions/0/options/3/id: error: duplicate id "a" (also /questions/0/options/0))");
    expectOnly(loadEdited([](json& j) {
                   auto& opts = j["questions"][0]["options"];
                   for (int i = 0; i < 5; ++i) opts.push_back({{"id", "x" + std::to_string(i)}, {"text", "extra " + std::to_string(i)}});
               }),
               R"(/questions/0/options: error: "options" must hold 2 to 8 entries, not 9)");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["options"] = json::array({{{"id", "a"}, {"text", "8.6.1"}}}); }),
               R"(/questions/0/options: error: "options" must hold 2 to 8 entries, not 1)");
    CHECK(findings(loadEdited([](json& j) { j["questions"][4]["items"][0] = "Stage 2"; })).at(0) ==
          R"(/questions/4/items/0: error: an item must be an object, not a string)");
    expectOnly(loadEdited([](json& j) { j["questions"][2]["options"] = json::array({{{"id", "t"}, {"text", "True"}}, {{"id", "f"}, {"text", "False"}}}); }),
               R"(/questions/2/options: warning: "true_false" questions take no "options" (it is ignored))");
}

TEST_CASE("marks and partial marks") {
    expectOnly(loadEdited([](json& j) { j["questions"][0]["marks"] = 0; }),
               R"(/questions/0/marks: error: "marks" must be greater than 0, not 0)");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["marks"] = -1.5; }),
               R"(/questions/0/marks: error: "marks" must be greater than 0, not -1.5)");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["partial_marks"] = true; }),
               R"(/questions/0/partial_marks: warning: "partial_marks" has no effect on a "single" question)");
}

TEST_CASE("duplicate ids within a bank name the first definition") {
    const auto l = loadEdited([](json& j) { j["questions"][1]["id"] = "T-001"; });
    expectOnly(l, R"(/questions/1/id: error: duplicate question id "T-001" (first defined at bank.json:33:13))");
    expectOnly(loadEdited([](json& j) { j["topics"][2]["id"] = "inc"; }),
               R"(/topics/2/id: error: duplicate topic id "inc" (first defined at bank.json:289:13))");
}

TEST_CASE("characters the app cannot display are warnings") {
    expectOnly(loadEdited([](json& j) { j["questions"][0]["stem"] = "Which clause? \xF0\x9F\x98\x80"; }),
               R"(/questions/0/stem: warning: character U+1F600 cannot be displayed by the app (see "Text" in docs/question-bank-format.md))");
    expectOnly(loadEdited([](json& j) { j["questions"][0]["stem"] = "Tab\there"; }),
               R"(/questions/0/stem: warning: control character U+0009 cannot be displayed by the app (see "Text" in docs/question-bank-format.md))");
    CHECK(findings(loadEdited([](json& j) { j["questions"][0]["stem"] = "Quotes \u201Cok\u201D \u2192 \u2264 \u20AC \u0141\n\nnew paragraph"; })).empty());
}

TEST_CASE("findings in draft questions are warnings and never stop the bank from loading") {
    const auto l = loadEdited([](json& j) {
        j["questions"][6].erase("explanation");
        j["questions"][6]["difficulty"] = 9;
    });
    CHECK_FALSE(l.result.hasErrors());
    const auto f = findings(l);
    REQUIRE(f.size() == 2);
    CHECK(f[0] == R"(/questions/6: warning: missing required field "explanation")");
    CHECK(f[1] == R"(/questions/6/difficulty: warning: "difficulty" must be a whole number from 1 to 3, not 9)");
}

TEST_CASE("every problem is reported - not just the first") {
    const auto l = loadEdited([](json& j) {
        j["questions"][0]["key"] = "q";
        j["questions"][1]["level"] = 3;
        j["questions"][3]["marks"] = 0;
    });
    CHECK(findings(l).size() == 3);
    CHECK(l.result.hasErrors());
}

TEST_CASE("positions point at the value concerned in any layout") {
    // Whatever the indentation, LINE:COL must land on the offending value (or name, or object).
    const std::string text = json::parse(baseText()).dump(4);
    auto textAt = [&](const Diagnostic& d) {
        std::size_t offset = 0;
        for (int line = 1; line < d.line; ++line) offset = text.find('\n', offset) + 1;
        return text.substr(offset + static_cast<std::size_t>(d.column) - 1, 12);
    };
    auto check = [&](const std::function<void(json&)>& edit, const std::string& pointer, const std::string& startsWith) {
        json j = json::parse(baseText());
        edit(j);
        const std::string edited = j.dump(4);
        SourceFile source("bank.json", edited);
        const auto result = loadBankFile(source);
        bool found = false;
        for (const auto& d : result.diagnostics) {
            if (d.pointer != pointer) continue;
            found = true;
            std::size_t offset = 0;
            for (int line = 1; line < d.line; ++line) offset = edited.find('\n', offset) + 1;
            CHECK(edited.substr(offset + static_cast<std::size_t>(d.column) - 1, startsWith.size()) == startsWith);
        }
        CHECK_MESSAGE(found, pointer);
    };
    check([](json& j) { j["questions"][0]["key"] = "e"; }, "/questions/0/key", "\"e\"");
    check([](json& j) { j["questions"][3]["explantion"] = "x"; }, "/questions/3/explantion", "\"explantion\"");
    check([](json& j) { j["questions"][2].erase("stem"); }, "/questions/2", "{");
    check([](json& j) { j["questions"][5]["marks"] = 0; }, "/questions/5/marks", "0");
    check([](json& j) { j["questions"][1]["key"][1] = "x"; }, "/questions/1/key/1", "\"x\"");
    check([](json& j) { j["questions"][3]["key"]["2"] = "z"; }, "/questions/3/key/2", "\"z\"");
    // The draft's finding in the unchanged bank.
    SourceFile source("bank.json", text);
    const auto result = loadBankFile(source);
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(textAt(result.diagnostics[0]).rfind("\"z\"", 0) == 0);
}
