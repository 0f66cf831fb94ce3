// validate and stats: the trainer's view of the banks.
#include "cli/commands.hpp"
#include "core/bank_set.hpp"
#include "core/paths.hpp"
#include "core/profile.hpp"
#include "core/store/progress_store.hpp"
#include "core/stats.hpp"

#include <fmt/format.h>
#include <iostream>
#include <memory>

namespace examsim::cli {

std::vector<std::filesystem::path> Context::bankPaths() const {
    if (bankDirs.empty()) {
        // Issue 8: banks the trainer edited come after the bundled ones, so they override them.
        std::vector<std::filesystem::path> paths{core::bundledBanksDir()};
        std::error_code ec;
        if (std::filesystem::is_directory(core::userBanksDir(), ec)) paths.push_back(core::userBanksDir());
        return paths;
    }
    return {bankDirs.begin(), bankDirs.end()};
}

std::filesystem::path Context::databasePath() const {
    return dbPath.empty() ? core::ProgressStore::defaultPath() : std::filesystem::path(dbPath);
}

void addValidateCommand(CLI::App& app, Context& ctx) {
    struct Options {
        std::vector<std::string> paths;
        bool quiet = false;
        bool strict = false;
    };
    auto opts = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand(
        "validate", "Check question banks and report every problem as FILE:LINE:COL: POINTER: message");
    cmd->add_option("paths", opts->paths, "Bank folders or files (default: --banks, else the bundled banks)")
        ->type_name("PATH");
    cmd->add_flag("-q,--quiet", opts->quiet, "Print only the summary line");
    cmd->add_flag("--strict", opts->strict, "Treat warnings as errors (exit 1 when there are any)");
    cmd->footer("Exit status: 0 no errors, 1 errors found, 2 usage error.");
    cmd->callback([&ctx, opts] {
        std::vector<std::filesystem::path> paths;
        if (opts->paths.empty()) paths = ctx.bankPaths();
        else paths.assign(opts->paths.begin(), opts->paths.end());
        const auto set = core::BankSet::load(paths);
        // Exam profiles in the same folders are validated with the banks they draw on.
        const auto profiles = core::loadProfilesFrom(paths, set);
        if (!opts->quiet) {
            for (const auto& d : set.diagnostics()) std::cout << core::format(d) << "\n";
            for (const auto& d : profiles.diagnostics) std::cout << core::format(d) << "\n";
        }
        std::size_t files = set.files().size(), loaded = 0, questions = 0;
        for (const auto& f : set.files()) {
            if (f.loaded) ++loaded, questions += f.questions;
        }
        auto c = set.counts();
        const auto pc = core::count(profiles.diagnostics);
        c.errors += pc.errors, c.warnings += pc.warnings;
        std::cout << fmt::format("{} {}, {} loaded, {} questions: {} {}, {} {}\n", files,
                                 files == 1 ? "bank file" : "bank files", loaded, questions, c.errors,
                                 c.errors == 1 ? "error" : "errors", c.warnings, c.warnings == 1 ? "warning" : "warnings");
        ctx.exitCode = (c.errors > 0 || (opts->strict && c.warnings > 0) || files == 0) ? 1 : 0;
        if (files == 0) std::cout << "no bank files found\n";
    });
}

void addStatsCommand(CLI::App& app, Context& ctx) {
    auto json = std::make_shared<bool>(false);
    CLI::App* cmd = app.add_subcommand("stats", "Questions per level, type, topic, part and difficulty");
    cmd->add_flag("--json", *json, "Machine-readable output (see docs/cli.md)");
    cmd->callback([&ctx, json] {
        const auto set = core::BankSet::load(ctx.bankPaths());
        const auto c = set.counts();
        if (c.errors > 0)
            std::cerr << fmt::format("warning: {} errors in the banks; banks with errors are not counted (run "
                                     "examsim-cli validate)\n",
                                     c.errors);
        const auto stats = core::computeStats(set);
        std::cout << (*json ? core::statsJson(stats, set) : core::statsText(stats, set));
        ctx.exitCode = 0;
    });
}

} // namespace examsim::cli
