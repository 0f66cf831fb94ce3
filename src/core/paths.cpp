#include "core/paths.hpp"

#include <cstdlib>
#include <system_error>

namespace examsim::core {

namespace fs = std::filesystem;

namespace {
fs::path fromEnv(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? fs::path(v) : fs::path();
}

fs::path home() {
    fs::path h = fromEnv("HOME");
    return h.empty() ? fs::path("/tmp") : h;
}
} // namespace

fs::path dataDir() {
    if (fs::path env = fromEnv("EXAMSIM_DATA_DIR"); !env.empty()) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path().parent_path() / "share" / "examsim";
        if (fs::is_directory(installed / "question-banks", ec)) return installed;
    }
    const fs::path source = EXAMSIM_SOURCE_DATA_DIR;
    if (fs::is_directory(source / "question-banks", ec)) return source;
    return EXAMSIM_INSTALL_DATA_DIR;
}

fs::path bundledBanksDir() { return dataDir() / "question-banks"; }
fs::path assetsDir() { return dataDir() / "assets"; }

fs::path userDataDir() {
    fs::path base = fromEnv("XDG_DATA_HOME");
    if (base.empty()) base = home() / ".local" / "share";
    return base / "examsim";
}

fs::path userConfigDir() {
    fs::path base = fromEnv("XDG_CONFIG_HOME");
    if (base.empty()) base = home() / ".config";
    return base / "examsim";
}

std::string versionString() { return EXAMSIM_VERSION; }

fs::path userBanksDir() { return userDataDir() / "banks"; }

} // namespace examsim::core
