// examsim: the desktop exam simulator. Named steps only; the work is in App, Backend and the screens.
#include "app/app.hpp"
#include "app/platform/backend.hpp"
#include "app/platform/fonts.hpp"
#include "core/paths.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <imgui.h>

namespace {

struct Options {
    std::vector<std::string> banks;
    std::string screenshot;
    std::string screen = "banks";
    std::string size = "1280x800";
    std::string theme = "dark";
    std::string db;
    float fontSize = 17.0f;
    bool listScreens = false;
};

bool parseSize(const std::string& s, int& w, int& h) {
    return std::sscanf(s.c_str(), "%dx%d", &w, &h) == 2 && w >= 320 && h >= 240 && w <= 8192 && h <= 8192;
}

} // namespace

int main(int argc, char** argv) {
    using namespace examsim;
    Options opt;
    CLI::App cli{"ExamSim 20000: practice exams for ISO/IEC 20000", "examsim"};
    cli.set_version_flag("--version", core::versionString());
    cli.add_option("--banks", opt.banks, "Question-bank folder (repeatable; default: the bundled banks)")->allow_extra_args(false);
    cli.add_option("--screenshot", opt.screenshot, "Render one screen to this PNG file and exit")->type_name("FILE");
    cli.add_option("--screen", opt.screen, "Screen to show or render (default: banks)")->type_name("NAME");
    cli.add_option("--size", opt.size, "Window size WIDTHxHEIGHT (default 1280x800)");
    cli.add_option("--theme", opt.theme, "dark, light or high-contrast")->check(CLI::IsMember({"dark", "light", "high-contrast"}));
    cli.add_option("--font-size", opt.fontSize, "Font size in pixels (default 17)")->check(CLI::Range(10.0f, 48.0f));
    cli.add_option("--db", opt.db, "Progress database (default: $XDG_DATA_HOME/examsim/progress.db)")
        ->type_name("PATH")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    cli.add_flag("--list-screens", opt.listScreens, "Print the screen names and exit");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return code == 0 ? 0 : 2;
    }
    int width = 0, height = 0;
    if (!parseSize(opt.size, width, height)) {
        std::fprintf(stderr, "examsim: --size must look like 1280x800\n");
        return 2;
    }

    if (opt.listScreens) {
        app::App listing({});
        for (const auto& id : listing.screenIds()) std::printf("%s\n", id.c_str());
        return 0;
    }

    app::AppContext ctx;
    if (opt.banks.empty()) ctx.bankPaths = {core::bundledBanksDir()};
    else ctx.bankPaths.assign(opt.banks.begin(), opt.banks.end());
    ctx.reloadBanks();
    ctx.fontSize = opt.fontSize;
    ctx.sample = !opt.screenshot.empty();
    ctx.databasePath = opt.db.empty() ? core::ProgressStore::defaultPath() : std::filesystem::path(opt.db);
    auto opened = core::ProgressStore::open(ctx.databasePath);
    std::unique_ptr<core::RunMarker> marker;
    if (auto* err = std::get_if<core::StoreError>(&opened)) {
        ctx.storeMessage = err->message; // shown in the app; the file is never touched
    } else {
        ctx.store = std::move(std::get<std::unique_ptr<core::ProgressStore>>(opened));
        marker = std::make_unique<core::RunMarker>(ctx.databasePath);
        if (marker->previousRunEndedUncleanly()) {
            const std::string check = ctx.store->integrityCheck(true);
            ctx.storeMessage = check == "ok" ? "The last session did not end cleanly; the database was checked and is intact."
                                             : "The last session did not end cleanly and the database check reports: " + check;
        }
    }

    app::Backend backend({width, height, true, "ExamSim 20000"});
    if (!backend.ok()) {
        std::fprintf(stderr, "examsim: %s\n", backend.error().c_str());
        return 1;
    }
    app::loadFonts(ctx.fontSize);
    ctx.headingFont = ImGui::GetIO().Fonts->Fonts.back();
    ctx.colors = app::applyTheme(*app::themeFromString(opt.theme), ctx.fontSize);

    app::App application(std::move(ctx));
    if (!application.select(opt.screen)) {
        std::string names;
        for (const auto& id : application.screenIds()) names += " " + id;
        std::fprintf(stderr, "examsim: unknown screen \"%s\"; screens:%s\n", opt.screen.c_str(), names.c_str());
        return 2;
    }
    const auto draw = [&] { application.drawFrame(); };
    if (!opt.screenshot.empty()) {
        const std::string error = backend.screenshot(draw, opt.screenshot);
        if (!error.empty()) std::fprintf(stderr, "examsim: %s\n", error.c_str());
        return error.empty() ? 0 : 1;
    }
    backend.run(draw, [&] {
        const auto& c = application.context();
        return c.session && !c.session->finished() && c.session->timeLimitMs().has_value();
    });
    return 0;
}
