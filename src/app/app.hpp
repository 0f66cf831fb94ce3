// The app: shared context, the list of screens and the frame that shows the current one.
#pragma once

#include "app/theme.hpp"
#include "core/app_settings.hpp"
#include "core/bank_set.hpp"
#include "core/exam_keyboard.hpp"
#include "core/profile.hpp"
#include "core/recorded_attempt.hpp"
#include "core/session.hpp"
#include "core/stats.hpp"
#include "core/store/progress_store.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct ImFont;

namespace examsim::app {

struct HomePrefetch;

struct AppContext {
    std::vector<std::filesystem::path> bankPaths;
    core::BankSet banks;
    core::Stats bankStats; // computed on load, not per frame
    core::ProfileSet profiles;
    core::SteadyClock clock;
    bool sample = false;     // --screenshot or --measure: sample data, the user's settings untouched
    bool screenshot = false; // --screenshot: background work is waited for, so pictures are complete
    SemanticColors colors{};
    ImFont* headingFont = nullptr;
    std::filesystem::path databasePath;
    std::unique_ptr<core::ProgressStore> store; // null when the database was refused
    std::string storeMessage;                   // why it was refused, or what the check found

    // The learner using the app, the attempt being taken (if any) and the keyboard logic on it.
    std::optional<core::Learner> learner;
    std::unique_ptr<core::RecordedAttempt> attempt;
    std::unique_ptr<core::ExamKeyboard> keyboard;
    std::string resultAttemptId; // the attempt the results and review screens show
    bool finishHandled = false;  // the attempt on screen has finished and the app has moved to its results
    std::string banner;          // time warnings and save failures, shown above every screen

    // Remembered preferences; a change of font size or theme takes effect before the next frame.
    core::AppSettings settings;
    std::filesystem::path settingsPath;
    std::string settingsMessage;
    bool styleDirty = false;

    // Wakes the event loop from another thread (work finished in the background).
    std::function<void()> wake;
    std::string requestedScreen; // set by a screen to move to another after this frame
    // Bumped whenever stored progress changes, so screens can refresh what they cache.
    int dataVersion = 0;
    // Home's first data, read while the window opens (prefetchHome); Home takes it on its first frame.
    std::shared_ptr<HomePrefetch> homePrefetch;

    // Issue 8: the Trainer asks the Editor to open a question; the Editor reports unsaved edits, and a
    // close of the window waits for its "Save changes?" answer.
    std::string editQuestionId;
    std::string editorTab; // the Editor's tab to show: questions, case-studies, topics or bank
    bool unsavedChanges = false;
    bool closeRequested = false; // the window was asked to close while there were unsaved changes
    bool closeConfirmed = false; // saved or discarded: the window may close now
    std::function<void()> closeWindow; // closes the window (set by main)

    void reloadBanks();
    core::ExamSession* session() { return attempt ? &attempt->session() : nullptr; }
    bool examInProgress() const { return attempt && !attempt->session().finished(); }
    void goTo(std::string screen) { requestedScreen = std::move(screen); }

    // Selects the learner (remembered for the next start) and leaves any attempt of another learner.
    void selectLearner(const core::Learner& l);
    // Starts a new attempt for the selected learner; returns an error text or "".
    std::string startAttempt(const core::AttemptRequest& request);
    // Reopens an unfinished attempt; returns an error text or "".
    std::string resumeAttempt(const std::string& attemptId);
    // Every frame: time warnings, automatic submission, saving what changed; a finished attempt moves
    // the app to its results.
    void tick();
    // Leaves the attempt on screen without submitting (it stays resumable).
    void closeAttempt();
    void saveSettings();
};

class Screen {
public:
    virtual ~Screen() = default;
    virtual std::string_view id() const = 0;    // used by --screen
    virtual std::string_view title() const = 0; // shown in the navigation bar
    // Whether the navigation bar offers the screen now (results only after an attempt, ...).
    virtual bool available(const AppContext&) const { return true; }
    virtual void draw(AppContext& ctx) = 0;
};

// Reads what Home shows first (the store's queries for the chosen learner) into ctx.homePrefetch; runs
// on the start-up thread that loads the data, before the first frame.
void prefetchHome(AppContext& ctx);

std::unique_ptr<Screen> makeLearnerScreen();
std::unique_ptr<Screen> makeHomeScreen();
std::unique_ptr<Screen> makeStartScreen();
std::unique_ptr<Screen> makeExamScreen();
std::unique_ptr<Screen> makeResultsScreen();
std::unique_ptr<Screen> makeReviewScreen();
std::unique_ptr<Screen> makeHistoryScreen();
std::unique_ptr<Screen> makeTeamScreen();
std::unique_ptr<Screen> makeBanksScreen();
std::unique_ptr<Screen> makeSettingsScreen();
std::unique_ptr<Screen> makeTrainerScreen();
std::unique_ptr<Screen> makeEditorScreen();

class App {
public:
    explicit App(AppContext ctx);
    bool select(std::string_view screenId);
    std::string_view currentId() const { return m_screens[m_current]->id(); }
    std::vector<std::string> screenIds() const;
    void drawFrame();
    AppContext& context() { return m_ctx; }

private:
    AppContext m_ctx;
    std::vector<std::unique_ptr<Screen>> m_screens;
    std::size_t m_current = 0;
};

} // namespace examsim::app
