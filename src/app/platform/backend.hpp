// The window, the OpenGL context and Dear ImGui's platform and renderer backends, behind one small
// class so that screens never call GLFW or GL (the shape of Tracy's Backend).
#pragma once

#include <functional>
#include <string>

struct GLFWwindow;
struct ImFontAtlas;

namespace examsim::app {

struct BackendOptions {
    int width = 1280;
    int height = 800;
    int x = -1, y = -1; // -1: placed by the window system
    bool maximized = false;
    std::string iconPng; // the window icon, when the file exists
    bool visible = true;
    std::string title = "ExamSim 20000";
    // Called once the window is open, just before the ImGui context is made: the font atlas the context
    // is to share (built beside the window's creation, see buildFonts; it must outlive the Backend), or
    // null for the context's own.
    std::function<ImFontAtlas*()> fontAtlas;
};

class Backend {
  public:
    explicit Backend(const BackendOptions& options);
    ~Backend();
    Backend(const Backend&) = delete;
    Backend& operator=(const Backend&) = delete;

    bool ok() const { return m_window != nullptr; }
    const std::string& error() const { return m_error; }

    // Runs until the window is closed. Draws a frame after every input event (and a few more so that
    // ImGui settles), then sleeps until the next event: no busy loop while idle. While `ticking()` says
    // so (a timer is on screen) it also wakes once a second.
    // When the window is asked to close and `canClose()` says no (unsaved edits), the close is cancelled
    // and the app asks first; requestClose() closes it afterwards.
    void run(const std::function<void()>& drawFrame, const std::function<bool()>& ticking = {},
             const std::function<bool()>& canClose = {});
    void requestClose();

    // Called before each frame, outside ImGui's frame: where the font atlas may be rebuilt.
    void setBeforeFrame(std::function<void()> f) { m_beforeFrame = std::move(f); }
    struct Geometry {
        int x = 0, y = 0, width = 0, height = 0;
        bool maximized = false;
    };
    Geometry geometry() const;

    // Wakes run() from any thread, so that a frame shows what background work finished.
    static void wake();

    // For benchmarks: draws `frames` frames, each forced to do the full work, and reports the CPU time of
    // building the UI (NewFrame to Render, the GL driver excluded) and of the whole frame (with the
    // driver and the buffer swap), median and 99th percentile, in milliseconds.
    struct FrameTimes {
        double uiMedian = 0, uiP99 = 0, frameMedian = 0, frameP99 = 0;
    };
    FrameTimes measure(const std::function<void()>& drawFrame, int frames);

    // Draws `frames` frames and writes the last one to a PNG file. Returns an error text, or "".
    std::string screenshot(const std::function<void()>& drawFrame, const std::string& pngPath,
                           int frames = 4);

  private:
    GLFWwindow* m_window = nullptr;
    std::string m_error;
    std::function<void()> m_beforeFrame;
    void frame(const std::function<void()>& drawFrame, double* uiCpuMs = nullptr);
    void swap();
};

} // namespace examsim::app
