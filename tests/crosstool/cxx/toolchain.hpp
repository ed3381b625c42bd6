// What the crosstool components share: the name of the C++ standard library they were
// built with, and the exceptions IScene::Throw and IReport::Throw throw inside it.
#pragma once

#include <cstdint>
#include <new>
#include <string>

namespace crosstool {

inline const char *library_name()
{
#if defined(_LIBCPP_VERSION)
    return "libc++";
#elif defined(__GLIBCXX__)
    return "libstdc++";
#else
    return "an unknown C++ library";
#endif
}

// A type that is no std::exception, as a third-party library might throw.
struct custom_failure {
    int code;
};

// Throws, inside this component's own C++ runtime, the exception `what` names; the
// implements<> thunk must turn each into an HRESULT with a message.
[[noreturn]] inline void throw_kind(std::int32_t what, const std::string &who)
{
    switch (what) {
    case 1:
        throw 42;
    case 2:
        throw std::bad_alloc();
    case 3:
        throw custom_failure{7};
    default:
        throw std::string("a std::string thrown by " + who);
    }
}

} // namespace crosstool
