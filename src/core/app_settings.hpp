// The app's remembered preferences (window, theme, font size, last learner), kept as a small JSON file
// in the config folder. A file that cannot be read is reported and set aside, never silently lost.
#pragma once

#include <filesystem>
#include <string>

namespace examsim::core {

struct AppSettings {
    std::string theme = "dark"; // dark, light, high-contrast
    float fontSize = 17.0f;     // pixels, 12..32
    int windowX = -1, windowY = -1; // -1: let the window system place it
    int windowWidth = 1280, windowHeight = 800;
    bool maximized = false;
    std::string lastLearnerId;
    double extraTimePercent = 0; // an exam accommodation applied to new exams
    bool operator==(const AppSettings&) const = default;
};

struct LoadedSettings {
    AppSettings settings;
    std::string message; // "" when the file was read or did not exist; else what was wrong
};

std::filesystem::path defaultSettingsPath(); // <config dir>/settings.json

// Reads the file. A missing file gives the defaults; a corrupt one gives the defaults and a message,
// and is renamed to settings.json.bad so that the next save does not destroy it. Values out of range
// are clamped.
LoadedSettings loadSettings(const std::filesystem::path& path);
// Writes atomically (a temp file renamed over the old one). Returns an error text, or "".
std::string saveSettings(const std::filesystem::path& path, const AppSettings& settings);

} // namespace examsim::core
