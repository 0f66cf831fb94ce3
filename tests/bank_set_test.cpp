// Loading several banks together: checks across banks, and hostile files that must never stop the
// other banks from loading.
#include "core/bank_set.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace examsim::core;
using examsim::test::TempDir;
using nlohmann::json;

namespace {

json baseBank() { return json::parse(examsim::test::readFile(examsim::test::sourceDir() / "tests/data/valid-bank.json")); }

// A second bank that uses the base bank's topics and case study.
json otherBank(const std::string& id = "other-bank", const std::string& questionId = "O-001") {
    json j = baseBank();
    j["bank"]["id"] = id;
    j.erase("topics");
    j.erase("case_studies");
    json q = j["questions"][0];
    q["id"] = questionId;
    j["questions"] = json::array({q});
    return j;
}

std::vector<std::string> lines(const BankSet& set) {
    std::vector<std::string> out;
    for (const auto& d : set.diagnostics())
        if (d.message.find("names no option") == std::string::npos) out.push_back(format(d)); // the base draft
    return out;
}

bool loaded(const BankSet& set, const std::string& file) {
    for (const auto& f : set.files())
        if (std::filesystem::path(f.path).filename() == file) return f.loaded;
    FAIL("no status for " << file);
    return false;
}

} // namespace

TEST_CASE("topics and case studies are shared across the banks of a set") {
    TempDir dir;
    dir.write("a.json", baseBank().dump(2));
    dir.write("b.json", otherBank().dump(2));
    const auto set = BankSet::load({dir.path()});
    CHECK(lines(set).empty());
    REQUIRE(set.banks().size() == 2);
    CHECK(set.question("O-001") != nullptr);
    CHECK(set.bankOf("O-001")->info.id == "other-bank");
    CHECK(set.topGroup("inc") == "grp");
    CHECK(set.partOf("inc") == "1");
    CHECK(set.partOf("grp") == "");
    CHECK(set.caseStudy("cs1")->theme == "inc");
}

TEST_CASE("files that are not banks in a bank folder") {
    TempDir dir;
    dir.write("a.json", baseBank().dump(2));
    dir.write("exams.json", R"({"format": "examsim-exams", "profiles": []})");
    dir.write("notes.txt", "not json, not read");
    std::filesystem::create_directories(dir.path() / "schema");
    dir.write("schema/x.json", "{broken");
    const auto set = BankSet::load({dir.path()});
    CHECK(lines(set).empty());
    CHECK(set.files().size() == 1);
}

TEST_CASE("duplicate ids across banks: the later bank is reported and left out") {
    TempDir dir;
    dir.write("a.json", baseBank().dump(2));
    dir.write("b.json", otherBank("other-bank", "T-002").dump(2));
    const auto set = BankSet::load({dir.path()});
    const auto l = lines(set);
    REQUIRE(l.size() == 1);
    CHECK(l[0] == (dir.path() / "b.json").string() + R"(:24:13: /questions/0/id: error: duplicate question id "T-002" (first defined at )" +
                      (dir.path() / "a.json").string() + ":74:13)");
    CHECK(loaded(set, "a.json"));
    CHECK_FALSE(loaded(set, "b.json"));
    CHECK(set.question("T-002") != nullptr);

    TempDir dir2;
    dir2.write("a.json", baseBank().dump(2));
    dir2.write("b.json", otherBank("test-bank", "O-001").dump(2));
    const auto l2 = lines(BankSet::load({dir2.path()}));
    REQUIRE(l2.size() == 1);
    CHECK(l2[0].find(R"(/bank/id: error: duplicate bank id "test-bank" (first defined at )") != std::string::npos);
}

TEST_CASE("unknown topic and case-study references - with suggestions") {
    TempDir dir;
    dir.write("a.json", baseBank().dump(2));
    json b = otherBank();
    b["questions"][0]["topic"] = "incc";
    b["questions"][0]["case_study"] = "cs9";
    b["questions"][0]["secondary_topics"] = json::array({"nothing-like-it"});
    dir.write("b.json", b.dump(2));
    const auto set = BankSet::load({dir.path()});
    std::vector<std::string> messages;
    for (const auto& d : set.diagnostics())
        if (d.file.find("b.json") != std::string::npos) messages.push_back(d.pointer + ": " + d.message);
    REQUIRE(messages.size() == 3);
    // In file order: the dump sorts member names.
    CHECK(messages[0] == R"(/questions/0/case_study: unknown case study "cs9" (did you mean "cs1"?))");
    CHECK(messages[1] == R"(/questions/0/secondary_topics/0: unknown topic "nothing-like-it")");
    CHECK(messages[2] == R"(/questions/0/topic: unknown topic "incc" (did you mean "inc"?))");
    CHECK_FALSE(loaded(set, "b.json"));
    CHECK(loaded(set, "a.json"));
}

TEST_CASE("a cycle of parent topics is an error") {
    TempDir dir;
    json a = baseBank();
    a["topics"][0]["parent"] = "inc";
    dir.write("a.json", a.dump(2));
    const auto l = lines(BankSet::load({dir.path()}));
    REQUIRE(l.size() >= 1);
    CHECK(l[0].find("/topics/0/parent: error: cycle of parent topics: grp -> inc -> grp") != std::string::npos);
}

TEST_CASE("a bank that loses its topics' bank is left out too") {
    TempDir dir;
    json a = baseBank();
    a["questions"][0]["key"] = "q"; // an error of its own: a.json is left out
    dir.write("a.json", a.dump(2));
    dir.write("b.json", otherBank().dump(2));
    const auto set = BankSet::load({dir.path()});
    CHECK_FALSE(loaded(set, "a.json"));
    CHECK_FALSE(loaded(set, "b.json")); // its topics were in a.json
    CHECK(set.banks().empty());
}

TEST_CASE("hostile files are reported and the good bank still loads") {
    TempDir dir;
    dir.write("good.json", baseBank().dump(2));
    const std::string text = baseBank().dump(2);
    dir.write("truncated.json", text.substr(0, text.size() / 2));
    {
        std::string nul = "{\"format\":\n \"exam";
        nul += '\0';
        nul += "sim-bank\"}";
        dir.write("nul.json", nul);
    }
    dir.write("utf8.json", "{\"format\": \"examsim-bank\", \"title\": \"\xFF\xFE\"}");
    dir.write("deep.json", std::string(5000, '['));
    dir.write("empty.json", "");
    std::filesystem::create_directories(dir.path() / "x.json");
    {
        // 100 MB of valid-looking JSON: refused by size before it is read.
        std::ofstream big(dir.path() / "big.json", std::ios::binary);
        big << "{\"format\": \"examsim-bank\", \"pad\": \"";
        const std::string chunk(1 << 20, 'a');
        for (int i = 0; i < 100; ++i) big << chunk;
        big << "\"}";
    }
    const auto set = BankSet::load({dir.path()});
    REQUIRE(set.banks().size() == 1);
    CHECK(set.banks()[0].info.id == "test-bank");

    std::map<std::string, std::string> byFile;
    for (const auto& d : set.diagnostics()) byFile[std::filesystem::path(d.file).filename().string()] = format(d);
    const std::string root = dir.path().string() + "/";
    CHECK(byFile["big.json"] == root + "big.json: (document): error: file is too large (100.0 MiB; the limit is 64.0 MiB)");
    CHECK(byFile["x.json"] == root + "x.json: (document): error: is a directory, not a bank file");
    CHECK(byFile["empty.json"] == root + "empty.json: (document): error: file is empty");
    CHECK(byFile["nul.json"] == root + "nul.json:2:7: (document): error: file contains a NUL byte: it is not a text file (or it is damaged)");
    CHECK(byFile["deep.json"].find("deep.json:1:33: ") != std::string::npos);
    CHECK(byFile["deep.json"].find("nesting deeper than 32 levels") != std::string::npos);
    CHECK(byFile["utf8.json"].find("utf8.json:1:38: (document): error: syntax error: value - invalid string: ill-formed UTF-8 byte") !=
          std::string::npos);
    CHECK(byFile["truncated.json"].find("syntax error") != std::string::npos);
    CHECK(set.files().size() == 8);
}

TEST_CASE("an unreadable file is reported (tested without root privileges)") {
    TempDir dir;
    std::filesystem::permissions(dir.path(), std::filesystem::perms::all, std::filesystem::perm_options::add);
    dir.write("good.json", baseBank().dump(2));
    const auto locked = dir.write("locked.json", otherBank().dump(2));
    std::filesystem::permissions(locked, std::filesystem::perms::none);
    std::filesystem::permissions(dir.path() / "good.json", std::filesystem::perms::owner_read | std::filesystem::perms::others_read);

    // As root, file modes are ignored: check as the unprivileged user "nobody" in a child process.
    auto check = [&]() -> int {
        const auto set = BankSet::load({dir.path()});
        if (set.banks().size() != 1) return 10;
        for (const auto& d : set.diagnostics())
            if (d.file.find("locked.json") != std::string::npos)
                return d.message == "cannot open: Permission denied" ? 0 : 11;
        return 12;
    };
    if (geteuid() != 0) {
        CHECK(check() == 0);
        return;
    }
    const passwd* nobody = getpwnam("nobody");
    REQUIRE(nobody != nullptr);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (setgid(nobody->pw_gid) != 0 || setuid(nobody->pw_uid) != 0) _exit(20);
        _exit(check());
    }
    int status = 0;
    waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("a path that does not exist") {
    const auto set = BankSet::load({"/nonexistent/banks"});
    REQUIRE(set.diagnostics().size() == 1);
    CHECK(format(set.diagnostics()[0]) == "/nonexistent/banks: (document): error: no such file or folder");
}
