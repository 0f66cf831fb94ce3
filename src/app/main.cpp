// examsim: the desktop exam simulator. Named steps only; the work is in App, Backend and the screens.
#include "core/allocator.hpp"
#include "app/app.hpp"
#include "app/platform/backend.hpp"
#include "app/platform/fonts.hpp"
#include "core/adaptive_store.hpp"
#include "core/paths.hpp"
#include "core/sample_data.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <imgui.h>

namespace {

struct Options {
    std::vector<std::string> banks;
    std::string screenshot;
    std::string screen;
    std::string size;
    std::string theme;
    std::string db;
    std::string learner;
    std::uint64_t seed = 20000;
    float fontSize = 0;
    int measure = 0;
    std::string sampleSession = "exam";
    std::string editQuestion;
    std::string editorTab;
    bool listScreens = false;
};

bool parseSize(const std::string& s, int& w, int& h) {
    return std::sscanf(s.c_str(), "%dx%d", &w, &h) == 2 && w >= 320 && h >= 240 && w <= 8192 && h <= 8192;
}

// A private folder for the sample database of a screenshot, removed when the program ends.
struct TempFolder {
    std::filesystem::path path;
    TempFolder() {
        std::string pattern = (std::filesystem::temp_directory_path() / "examsim-sample-XXXXXX").string();
        if (mkdtemp(pattern.data())) path = pattern;
    }
    ~TempFolder() {
        std::error_code ec;
        if (!path.empty()) std::filesystem::remove_all(path, ec);
    }
};

void openStore(examsim::app::AppContext& ctx, std::unique_ptr<examsim::core::RunMarker>& marker) {
    using namespace examsim;
    auto opened = core::ProgressStore::open(ctx.databasePath);
    if (auto* err = std::get_if<core::StoreError>(&opened)) {
        ctx.storeMessage = err->message; // shown in the app; the file is never touched
        return;
    }
    ctx.store = std::move(std::get<std::unique_ptr<core::ProgressStore>>(opened));
    marker = std::make_unique<core::RunMarker>(ctx.databasePath);
    if (marker->previousRunEndedUncleanly()) {
        const std::string check = ctx.store->integrityCheck(true);
        ctx.storeMessage = check == "ok" ? "The last session did not end cleanly; the database was checked and is intact."
                                         : "The last session did not end cleanly and the database check reports: " + check;
    }
}

// Screenshots show a plausible learner: a month of history, an exam to resume, results to review.
void prepareSample(examsim::app::AppContext& ctx, const Options& opt) {
    using namespace examsim;
    if (!ctx.store) return;
    core::SampleOptions so;
    so.seed = opt.seed;
    const auto learner = core::populateSampleProgress(*ctx.store, ctx.banks, ctx.profiles, so);
    ctx.learner = learner;
    const auto history = ctx.store->history(learner.id);
    for (const auto& a : history)
        if (a.status == "submitted" && a.meta.profileId == "foundation") {
            ctx.resultAttemptId = a.id;
            break;
        }
    if (opt.screen == "exam" && opt.sampleSession == "due") {
        // A due review, its first question answered: the feedback a learner sees while reviewing.
        core::DueSessionSpec spec;
        spec.count = 20;
        spec.seed = opt.seed;
        spec.now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        auto due = core::buildDueSession(*ctx.store, ctx.banks, learner.id, spec);
        if (auto* d = std::get_if<core::DueSession>(&due)) {
            core::AttemptRequest req;
            req.mode = core::Mode::Study;
            req.prebuilt = d->paper;
            req.profileId = "due";
            req.title = "Due review";
            if (ctx.startAttempt(req).empty()) {
                ctx.session()->setConfidence(0, 1);
                ctx.keyboard->onChar('b');
            }
        }
    } else if (opt.screen == "exam")
        if (auto open = ctx.store->inProgressAttempt(learner.id)) {
            ctx.resumeAttempt(open->id);
            // Show the keyboard highlight on an option, as a learner mid-question sees it.
            ctx.keyboard->onKey(core::ExamKey::Down);
        }
}

// Banks, profiles, the database, the learner and (for pictures) the sample data. Touches only those parts
// of the context, so it can run beside the window's creation. Returns an exit code, 0 to go on.
int loadData(examsim::app::AppContext& ctx, const Options& opt, bool shot, const TempFolder& sampleFolder,
             std::unique_ptr<examsim::core::RunMarker>& marker) {
    using namespace examsim;
    if (opt.banks.empty()) ctx.bankPaths = {core::bundledBanksDir()};
    else ctx.bankPaths.assign(opt.banks.begin(), opt.banks.end());
    // Issue 8: banks saved by the editor override the bundled ones (as in examsim-cli); not in pictures.
    if (std::error_code ec; opt.banks.empty() && !shot && std::filesystem::is_directory(core::userBanksDir(), ec))
        ctx.bankPaths.push_back(core::userBanksDir());
    ctx.reloadBanks();

    // Screenshots without --learner show sample data: in a private database unless --db names one,
    // and then only when that database is still empty (nobody's records are ever mixed with samples).
    const bool sampleData = shot && opt.learner.empty();
    ctx.databasePath = !opt.db.empty()                             ? std::filesystem::path(opt.db)
                       : sampleData && !sampleFolder.path.empty() ? sampleFolder.path / "sample.db"
                                                                  : core::ProgressStore::defaultPath();
    openStore(ctx, marker);
    if (ctx.store) {
        std::optional<core::Learner> l;
        if (!opt.learner.empty()) {
            l = ctx.store->learnerByName(opt.learner);
            if (!l) {
                std::fprintf(stderr, "examsim: no learner named \"%s\" in %s\n", opt.learner.c_str(), ctx.databasePath.string().c_str());
                return 2;
            }
        } else if (!ctx.settings.lastLearnerId.empty()) {
            l = ctx.store->learner(ctx.settings.lastLearnerId);
        }
        if (l && !l->archived) ctx.learner = l;
    }
    if (sampleData && ctx.store && ctx.store->learners("", true).empty()) prepareSample(ctx, opt);
    const bool homeFirst = opt.screen == "home" || (opt.screen.empty() && opt.editQuestion.empty() && opt.editorTab.empty());
    if (ctx.learner && homeFirst) app::prefetchHome(ctx); // Home opens first

    return 0;
}

} // namespace

int main(int argc, char** argv) {
    examsim::core::tuneAllocator(); // before anything is allocated: see core/allocator.hpp
    using namespace examsim;
    const auto started = std::chrono::steady_clock::now();
    Options opt;
    CLI::App cli{"ExamSim 20000: practice exams for ISO/IEC 20000", "examsim"};
    cli.set_version_flag("--version", core::versionString());
    cli.add_option("--banks", opt.banks, "Question-bank folder (repeatable; default: the bundled banks)")->allow_extra_args(false);
    cli.add_option("--screenshot", opt.screenshot, "Render one screen to this PNG file and exit")->type_name("FILE");
    cli.add_option("--screen", opt.screen, "Screen to show or render (see --list-screens)")->type_name("NAME");
    cli.add_option("--size", opt.size, "Window size WIDTHxHEIGHT (default: as last time, or 1280x800)");
    cli.add_option("--theme", opt.theme, "dark, light or high-contrast")->check(CLI::IsMember({"dark", "light", "high-contrast"}));
    cli.add_option("--font-size", opt.fontSize, "Font size in pixels")->check(CLI::Range(12.0f, 32.0f));
    cli.add_option("--db", opt.db, "Progress database (default: $XDG_DATA_HOME/examsim/progress.db)")
        ->type_name("PATH")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    cli.add_option("--learner", opt.learner, "Learner to select (screenshots: show this learner's real data)")->type_name("NAME");
    cli.add_option("--seed", opt.seed, "Seed of the sample data shown in screenshots (default 20000)");
    cli.add_option("--measure", opt.measure, "Benchmark: draw N frames of the screen, print the times and exit")->type_name("N");
    cli.add_option("--sample-session", opt.sampleSession, "Screenshots of the exam screen: the sample's unfinished exam, or a due review")
        ->check(CLI::IsMember({"exam", "due"}));
    cli.add_option("--edit", opt.editQuestion, "Open the editor on this question (its bank, its case study and topic)")
        ->type_name("QUESTION_ID");
    cli.add_option("--editor-tab", opt.editorTab, "The editor's tab to show")
        ->check(CLI::IsMember({"questions", "case-studies", "topics", "bank"}));
    cli.add_flag("--list-screens", opt.listScreens, "Print the screen names and exit");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return code == 0 ? 0 : 2;
    }
    if (opt.listScreens) {
        app::App listing({});
        for (const auto& id : listing.screenIds()) std::printf("%s\n", id.c_str());
        return 0;
    }
    const bool shot = !opt.screenshot.empty() || opt.measure > 0; // pictures and measurements: never the user's settings

    app::AppContext ctx;
    ctx.sample = shot;
    ctx.screenshot = !opt.screenshot.empty();
    ctx.settingsPath = core::defaultSettingsPath();
    if (!shot) { // screenshots use the defaults, so that pictures do not depend on who takes them
        auto loaded = core::loadSettings(ctx.settingsPath);
        ctx.settings = loaded.settings;
        ctx.settingsMessage = loaded.message;
    }
    if (!opt.theme.empty()) ctx.settings.theme = opt.theme;
    if (opt.fontSize > 0) ctx.settings.fontSize = opt.fontSize;
    if (!opt.size.empty() && !parseSize(opt.size, ctx.settings.windowWidth, ctx.settings.windowHeight)) {
        std::fprintf(stderr, "examsim: --size must look like 1280x800\n");
        return 2;
    }
    // The banks and the database load on a thread of their own while the window, the GL context and the
    // font atlas are made (issue 10: start to first frame): the two take about as long as each other.
    TempFolder sampleFolder;
    std::unique_ptr<core::RunMarker> marker;
    const auto dataStarted = std::chrono::steady_clock::now();
    double dataMs = 0;
    auto data = std::async(std::launch::async, [&] {
        const int code = loadData(ctx, opt, shot, sampleFolder, marker);
        dataMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - dataStarted).count();
        return code;
    });

    // The first font atlas is rasterised on a thread too; the context shares it once the window is open.
    auto atlas = std::make_unique<ImFontAtlas>(); // outlives the Backend and its context
    auto fontsBuilt = std::async(std::launch::async, [&atlas, size = ctx.settings.fontSize] { app::buildFonts(*atlas, size); });

    app::BackendOptions bo;
    bo.fontAtlas = [&] {
        fontsBuilt.get();
        return atlas.get();
    };
    bo.width = ctx.settings.windowWidth;
    bo.height = ctx.settings.windowHeight;
    if (!shot) {
        bo.x = ctx.settings.windowX;
        bo.y = ctx.settings.windowY;
        bo.maximized = ctx.settings.maximized;
    }
    bo.iconPng = (core::assetsDir() / "icon" / "examsim.png").string();
    app::Backend backend(bo);
    const double windowMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - dataStarted).count();
    if (!backend.ok()) {
        std::fprintf(stderr, "examsim: %s\n", backend.error().c_str());
        return 1;
    }
    // Fonts and theme; again before a frame whenever the settings screen changes them.
    const auto applyStyle = [](app::AppContext& x, bool rebuildFonts) {
        if (rebuildFonts) app::loadFonts(x.settings.fontSize);
        else app::uploadFonts(); // the atlas built at start
        x.headingFont = ImGui::GetIO().Fonts->Fonts.back();
        x.colors = app::applyTheme(app::themeFromString(x.settings.theme).value_or(app::ThemeKind::Dark), x.settings.fontSize);
        x.styleDirty = false;
    };
    const auto fontsStarted = std::chrono::steady_clock::now();
    applyStyle(ctx, false);
    const double fontsMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - fontsStarted).count();
    if (const int code = data.get(); code != 0) return code;
    const double readyMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

    ctx.editQuestionId = opt.editQuestion;
    ctx.editorTab = opt.editorTab;
    const bool editing = !opt.editQuestion.empty() || !opt.editorTab.empty();
    const std::string first = !opt.screen.empty() ? opt.screen : editing ? "editor" : ctx.learner ? "home" : "learner";
    app::App application(std::move(ctx));
    if (!application.select(first)) {
        std::string names;
        for (const auto& id : application.screenIds()) names += " " + id;
        std::fprintf(stderr, "examsim: unknown screen \"%s\"; screens:%s\n", first.c_str(), names.c_str());
        return 2;
    }
    auto& c = application.context();
    c.wake = [] { app::Backend::wake(); };
    backend.setBeforeFrame([&] {
        if (c.styleDirty) applyStyle(c, true);
    });
    const auto draw = [&] { application.drawFrame(); };
    if (opt.measure > 0) {
        // Start to first frame, then the cost of a frame: what bench/app-bench reports.
        const auto firstFrame = backend.measure(draw, 1);
        const double firstMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        const auto t = backend.measure(draw, opt.measure);
        std::printf("startup_data_ms %.1f\nstartup_window_ms %.1f\nstartup_fonts_ms %.1f\nstartup_ready_ms %.1f\n"
                    "first_frame_ui_ms %.1f\nfirst_frame_whole_ms %.1f\n",
                    dataMs, windowMs, fontsMs, readyMs, firstFrame.uiMedian, firstFrame.frameMedian);
        std::printf("first_frame_ms %.1f\nui_cpu_ms_median %.3f\nui_cpu_ms_p99 %.3f\nframe_cpu_ms_median %.3f\nframe_cpu_ms_p99 %.3f\n", firstMs,
                    t.uiMedian, t.uiP99, t.frameMedian, t.frameP99);
        return 0;
    }
    if (shot) {
        const std::string error = backend.screenshot(draw, opt.screenshot);
        if (!error.empty()) std::fprintf(stderr, "examsim: %s\n", error.c_str());
        return error.empty() ? 0 : 1;
    }
    c.closeWindow = [&backend] { backend.requestClose(); };
    backend.run(
        draw, [&] { return c.attempt && !c.attempt->session().finished() && c.attempt->session().timeLimitMs().has_value(); },
        [&] { // issue 8: unsaved edits in the editor are saved or discarded first
            if (!c.unsavedChanges || c.closeConfirmed) return true;
            c.closeRequested = true;
            return false;
        });
    // Closing the window during an exam keeps the attempt resumable; the window is remembered.
    c.closeAttempt();
    const auto g = backend.geometry();
    c.settings.maximized = g.maximized;
    if (!g.maximized) {
        c.settings.windowX = g.x;
        c.settings.windowY = g.y;
        c.settings.windowWidth = g.width;
        c.settings.windowHeight = g.height;
    }
    c.saveSettings();
    return 0;
}
