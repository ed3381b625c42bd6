// The classes of exit_time.idl. What they did at exit goes to the file named by
// UCOM_TEST_EXIT_REPORT, one line per activation: who, and the HRESULT.
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <ucom/context.hpp>
#include <ucom/module.hpp>

#include "exit_time_impl.hpp"

namespace {

IUcomContext *kept_context = nullptr; // one reference, never given back: it must work until the end

HRESULT activate_target()
{
    IUnknown *target = nullptr;
    const HRESULT code =
        kept_context->lpVtbl->CreateInstanceByName(kept_context, "Test.ExitTarget", &IID_IUnknown,
                                                   reinterpret_cast<void **>(&target)); // the C API's out parameter
    if (SUCCEEDED(code)) {
        target->lpVtbl->Release(target);
    }
    return code;
}

void report(const char *who, HRESULT code)
{
    const char *file = std::getenv("UCOM_TEST_EXIT_REPORT");
    if (FILE *out = file != nullptr ? std::fopen(file, "a") : nullptr; out != nullptr) {
        std::fprintf(out, "%s 0x%08X\n", who, static_cast<unsigned>(code));
        std::fclose(out);
    }
}

// An ELF destructor: runs in _dl_fini, after every static object's destructor.
[[gnu::destructor]] void activate_at_exit()
{
    if (kept_context != nullptr) {
        report("destructor", activate_target());
    }
}

class exit_target : public ucom::implements<exit_target, IExitProbe> {
public:
    HRESULT Ping() { return S_OK; }
};

class exit_watcher : public ucom::implements<exit_watcher, IExitProbe> {
public:
    explicit exit_watcher(const ucom::context &ctx)
    {
        kept_context = ctx.get();
        kept_context->lpVtbl->AddRef(kept_context);
        if (std::getenv("UCOM_TEST_EXIT_THREAD") != nullptr) {
            std::thread([] {
                report("thread", activate_target());
                for (;;) {
                    activate_target(); // until the process is gone
                }
            }).detach();
        }
    }
    HRESULT Ping() { return S_OK; }
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<exit_watcher>(CLSID_ExitWatcher),
                   ucom::exported_class<exit_target>(CLSID_ExitTarget))
