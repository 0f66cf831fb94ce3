// `examsim-cli verify`: checks each learner's hash chain over finished records (issue 10) and lists
// every entry that no longer matches what is stored.
#include "cli/commands.hpp"

#include "core/store/progress_store.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>
#include <map>

namespace examsim::cli {

void addVerifyCommand(CLI::App& app, Context& ctx) {
    auto learnerName = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("verify", "Check that no stored result, response or adjustment was edited outside ExamSim");
    cmd->add_option("--learner", *learnerName, "Check only this learner (default: everyone)");
    cmd->callback([&ctx, learnerName] {
        auto store = openStore(ctx, false);
        if (!store) return;
        std::string learnerId;
        if (!learnerName->empty()) {
            const auto l = findLearner(*store, *learnerName, ctx);
            if (!l) return;
            learnerId = l->id;
        }
        const core::ChainReport report = store->verifyChains(learnerId);
        std::map<std::string, std::string> names;
        for (const auto& p : report.problems) {
            auto [it, fresh] = names.try_emplace(p.learnerId);
            if (fresh) {
                const auto l = store->learner(p.learnerId);
                it->second = l ? l->name : p.learnerId;
                std::cout << fmt::format("{} ({}):\n", it->second, p.learnerId);
            }
            std::cout << "  " << p.message << "\n";
        }
        if (report.problems.empty()) {
            std::cout << fmt::format("{} records of {} learner{} verified: every chain is intact.\n", report.records, report.learners,
                                     report.learners == 1 ? "" : "s");
            ctx.exitCode = 0;
        } else {
            std::cout << fmt::format("{} problem{} found in {} records of {} learner{}: these records were changed outside "
                                     "ExamSim.\n",
                                     report.problems.size(), report.problems.size() == 1 ? "" : "s", report.records,
                                     report.learners, report.learners == 1 ? "" : "s");
            ctx.exitCode = 1;
        }
    });
}

} // namespace examsim::cli
