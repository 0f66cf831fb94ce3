#include "core/app_settings.hpp"

#include "core/owner_only.hpp"
#include "core/paths.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

namespace examsim::core {

namespace fs = std::filesystem;

fs::path defaultSettingsPath() { return userConfigDir() / "settings.json"; }

LoadedSettings loadSettings(const fs::path& path) {
    LoadedSettings out;
    std::error_code ec;
    if (!fs::exists(path, ec)) return out;
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in) {
        out.message = "The settings file " + path.string() + " cannot be read; the defaults are used.";
        return out;
    }
    AppSettings& s = out.settings;
    try {
        const auto j = nlohmann::json::parse(buffer.str());
        if (!j.is_object()) throw std::runtime_error("not a JSON object");
        s.theme = j.value("theme", s.theme);
        if (s.theme != "dark" && s.theme != "light" && s.theme != "high-contrast") s.theme = "dark";
        s.fontSize = std::clamp(j.value("fontSize", s.fontSize), 12.0f, 32.0f);
        if (j.contains("window") && j["window"].is_object()) {
            const auto& w = j["window"];
            s.windowX = w.value("x", s.windowX);
            s.windowY = w.value("y", s.windowY);
            s.windowWidth = std::clamp(w.value("width", s.windowWidth), 640, 8192);
            s.windowHeight = std::clamp(w.value("height", s.windowHeight), 480, 8192);
            s.maximized = w.value("maximized", s.maximized);
        }
        s.lastLearnerId = j.value("lastLearner", s.lastLearnerId);
        s.extraTimePercent = std::clamp(j.value("extraTimePercent", s.extraTimePercent), 0.0, 100.0);
    } catch (const std::exception& e) {
        out.settings = AppSettings{};
        fs::path aside = path;
        aside += ".bad";
        fs::rename(path, aside, ec);
        out.message = "The settings file " + path.string() + " is damaged (" + e.what() + "); the defaults are used" +
                      (ec ? "." : " and the damaged file was kept as " + aside.string() + ".");
    }
    return out;
}

std::string saveSettings(const fs::path& path, const AppSettings& s) {
    nlohmann::json j = {
        {"theme", s.theme},
        {"fontSize", s.fontSize},
        {"window", {{"x", s.windowX}, {"y", s.windowY}, {"width", s.windowWidth}, {"height", s.windowHeight}, {"maximized", s.maximized}}},
        {"lastLearner", s.lastLearnerId},
        {"extraTimePercent", s.extraTimePercent},
    };
    std::error_code ec;
    createOwnerOnlyDirs(path.parent_path());
    fs::path tmp = path;
    tmp += ".tmp";
    if (const std::string error = writeOwnerOnlyFile(tmp, j.dump(2) + "\n"); !error.empty())
        return "cannot write " + tmp.string() + ": " + error;
    fs::rename(tmp, path, ec);
    if (ec) return "cannot replace " + path.string() + ": " + ec.message();
    return "";
}

} // namespace examsim::core
