// Helpers shared by the tests: temporary folders that clean up after themselves, file writing, and
// running the command-line programs.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace examsim::core {
class ProgressStore;
}

namespace examsim::test {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path write(const std::string& name, const std::string& content) const;

private:
    std::filesystem::path m_path;
};

std::string readFile(const std::filesystem::path& path);

struct RunResult {
    int exitCode = -1;
    std::string output; // stdout and stderr together
};
// Runs a shell command line, capturing its output.
RunResult run(const std::string& commandLine);
std::string shellQuote(const std::string& s);

std::filesystem::path sourceDir();

// Copies the fixture bank (tests/data/valid-bank.json) and its profiles (exams-fixture.json, profile
// "mini") into a folder.
void writeFixtureBanks(const TempDir& dir);

// Opens (creating) a progress database, failing the test when it cannot.
std::unique_ptr<core::ProgressStore> openStore(const std::filesystem::path& path);

// Issue 10 (crash and fault tests): runs `body` in a forked child process and returns its pid once
// the body has run; the child then waits to be killed (SIGKILL). What the body returns is passed
// back as the text (one line); an exception in the child ends it with an empty text.
struct ForkedChild {
    int pid = -1;
    std::string text;
};
ForkedChild forkAndWait(const std::function<std::string()>& body);

} // namespace examsim::test
