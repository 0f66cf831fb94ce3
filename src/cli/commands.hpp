// The subcommands of examsim-cli. Each registers itself on the app and reports its exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace examsim::core {
class ProgressStore;
struct Learner;
struct ExamProfile;
struct ProfileSet;
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

// Issue 8 (results side): item-stats, paper, regrade, errata.
void addResultsCommands(CLI::App& app, Context& ctx);
std::string isoDate(std::int64_t seconds); // "2026-05-01T10:00:00Z"; "" for 0
// The learner of that name, or null after reporting that there is none.
std::optional<core::Learner> findLearner(const core::ProgressStore& store, const std::string& name, Context& ctx);
// The profile of that id, or null after listing the profiles there are (exit code 2).
const core::ExamProfile* findProfile(const core::ProfileSet& profiles, const std::string& id, Context& ctx);
void addAdaptiveCommands(CLI::App& app, Context& ctx); // issue 9: due, calibration, readiness
void addTrainerBankCommands(CLI::App& app, Context& ctx); // issue 8: import-gift, import-csv, export-gift, lint
void addVerifyCommand(CLI::App& app, Context& ctx);       // issue 10: hash chain check

} // namespace examsim::cli
