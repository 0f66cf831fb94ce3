#include "test_util.hpp"

#include "core/store/progress_store.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace examsim::test {

TempDir::TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "examsim-test-XXXXXX").string();
    if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    m_path = templ;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(m_path, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(m_path, ec);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& content) const {
    const auto p = m_path / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
    return p;
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

RunResult run(const std::string& commandLine) {
    RunResult r;
    FILE* pipe = popen((commandLine + " 2>&1").c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buffer{};
    std::size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.output.append(buffer.data(), n);
    const int status = pclose(pipe);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

std::filesystem::path sourceDir() { return EXAMSIM_TEST_SOURCE_DIR; }

std::unique_ptr<core::ProgressStore> openStore(const std::filesystem::path& path) {
    auto r = core::ProgressStore::open(path);
    if (auto* e = std::get_if<core::StoreError>(&r)) FAIL(e->message);
    return std::move(std::get<std::unique_ptr<core::ProgressStore>>(r));
}

void writeFixtureBanks(const TempDir& dir) {
    dir.write("bank.json", readFile(sourceDir() / "tests/data/valid-bank.json"));
    dir.write("exams.json", readFile(sourceDir() / "tests/data/exams-fixture.json"));
}

ForkedChild forkAndWait(const std::function<std::string()>& body) {
    int ready[2];
    if (pipe(ready) != 0) return {};
    const pid_t pid = fork();
    if (pid == 0) {
        std::string line;
        try {
            line = body();
        } catch (...) {
        }
        line += "\n";
        [[maybe_unused]] auto n = write(ready[1], line.data(), line.size());
        pause();
        _exit(1);
    }
    close(ready[1]);
    ForkedChild c{pid, {}};
    char ch;
    while (pid > 0 && read(ready[0], &ch, 1) == 1 && ch != '\n') c.text += ch;
    close(ready[0]);
    return c;
}

} // namespace examsim::test
