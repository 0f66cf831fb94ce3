// The subcommands of examsim-cli. Each registers itself on the app and reports its exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace examsim::core {
class ProgressStore;
}

namespace examsim::cli {

struct Context {
    std::vector<std::string> bankDirs; // --banks, repeatable; the bundled folder when empty
    std::string dbPath;                // --db; the default progress database when empty
    int exitCode = 0;

    std::vector<std::filesystem::path> bankPaths() const;
    std::filesystem::path databasePath() const;
};

void addValidateCommand(CLI::App& app, Context& ctx);
void addStatsCommand(CLI::App& app, Context& ctx);
void addProfilesCommand(CLI::App& app, Context& ctx);
void addTakeCommand(CLI::App& app, Context& ctx);
void addProgressCommands(CLI::App& app, Context& ctx); // learners, history, check
void addReportCommands(CLI::App& app, Context& ctx);   // report, record, team, export, merge, xapi
// The --db database, or nullptr after reporting why it cannot be opened (exit code 1).
std::unique_ptr<core::ProgressStore> openStore(Context& ctx, bool create);

} // namespace examsim::cli
