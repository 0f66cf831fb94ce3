// Where the programs find their bundled data (banks, assets) and the user's data (database, config),
// both in a build tree and in an installed prefix.
#pragma once

#include <filesystem>
#include <string>

namespace examsim::core {

// The folder holding question-banks/ and assets/: $EXAMSIM_DATA_DIR if set; else <exe>/../share/examsim
// when it exists (an installed prefix); else the source tree the program was built from.
std::filesystem::path dataDir();
std::filesystem::path bundledBanksDir();
std::filesystem::path assetsDir();

// $XDG_DATA_HOME/examsim (default ~/.local/share/examsim) and $XDG_CONFIG_HOME/examsim.
std::filesystem::path userDataDir();
std::filesystem::path userConfigDir();

std::string versionString();

// Issue 8: where the editor saves banks, $XDG_DATA_HOME/examsim/banks. Loaded after the bundled banks,
// a bank there overrides the bundled bank of the same id.
std::filesystem::path userBanksDir();

} // namespace examsim::core
