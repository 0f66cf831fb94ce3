// The app: shared context, the list of screens and the frame that shows the current one.
#pragma once

#include "app/theme.hpp"
#include "core/bank_set.hpp"
#include "core/exam_keyboard.hpp"
#include "core/profile.hpp"
#include "core/session.hpp"
#include "core/stats.hpp"
#include "core/store/progress_store.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct ImFont;

namespace examsim::app {

struct AppContext {
    std::vector<std::filesystem::path> bankPaths;
    core::BankSet banks;
    core::Stats bankStats; // computed on load, not per frame
    core::ProfileSet profiles;
    core::SteadyClock clock;
    std::unique_ptr<core::ExamSession> session; // the attempt on screen, if any
    std::unique_ptr<core::ExamKeyboard> keyboard;
    std::string sessionTitle;
    bool sample = false; // --screenshot: screens show sample data
    SemanticColors colors{};
    ImFont* headingFont = nullptr;
    float fontSize = 17.0f;
    std::filesystem::path databasePath;
    std::unique_ptr<core::ProgressStore> store; // null when the database was refused
    std::string storeMessage;                   // why it was refused, or what the check found

    void reloadBanks() {
        banks = core::BankSet::load(bankPaths);
        bankStats = core::computeStats(banks);
        profiles = core::loadProfilesFrom(bankPaths, banks);
    }
    // Starts a paper of a profile (exam or study mode); returns an error text or "".
    std::string startPaper(const std::string& profileId, core::Mode mode, std::uint64_t seed);
};

class Screen {
public:
    virtual ~Screen() = default;
    virtual std::string_view id() const = 0;    // used by --screen
    virtual std::string_view title() const = 0; // shown in the navigation bar
    virtual void draw(AppContext& ctx) = 0;
};

std::unique_ptr<Screen> makeBanksScreen();
std::unique_ptr<Screen> makeExamScreen();

class App {
public:
    explicit App(AppContext ctx);
    bool select(std::string_view screenId);
    std::vector<std::string> screenIds() const;
    void drawFrame();
    AppContext& context() { return m_ctx; }

private:
    AppContext m_ctx;
    std::vector<std::unique_ptr<Screen>> m_screens;
    std::size_t m_current = 0;
};

} // namespace examsim::app
