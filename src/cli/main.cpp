// examsim-cli: the exam core from a terminal. Exit codes: 0 success, 1 failure (invalid bank, failed
// check), 2 usage error.
#include "core/allocator.hpp"
#include "cli/commands.hpp"
#include "core/paths.hpp"

#include <iostream>

int main(int argc, char** argv) {
    examsim::core::tuneAllocator(); // before anything is allocated: see core/allocator.hpp
    using namespace examsim;
    CLI::App app{"ExamSim 20000 command line: question banks, exams and study in a terminal", "examsim-cli"};
    app.set_version_flag("--version", core::versionString());
    app.require_subcommand(1);
    app.fallthrough();
    cli::Context ctx;
    app.add_option("--banks", ctx.bankDirs,
                   "Question-bank folder (repeat for several; default: the bundled question-banks/)")
        ->allow_extra_args(false)
        ->type_name("DIR");
    app.add_option("--db", ctx.dbPath, "Progress database (default: $XDG_DATA_HOME/examsim/progress.db)")->type_name("PATH");

    cli::addValidateCommand(app, ctx);
    cli::addStatsCommand(app, ctx);
    cli::addProfilesCommand(app, ctx);
    cli::addTakeCommand(app, ctx);
    cli::addProgressCommands(app, ctx);
    cli::addReportCommands(app, ctx);
    cli::addResultsCommands(app, ctx);
    cli::addAdaptiveCommands(app, ctx);
    cli::addTrainerBankCommands(app, ctx);
    cli::addVerifyCommand(app, ctx);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "examsim-cli: " << e.what() << "\nRun with --help for more information.\n";
        return 2;
    }
    return ctx.exitCode;
}
