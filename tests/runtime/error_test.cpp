// ucom::error, result codes by name, and the exception-to-HRESULT translator.
#include <new>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>
#include <fmt/core.h>

#include <ucom/error.hpp>
#include <ucom/format.hpp>

namespace {

// Runs `fail` inside a try block and translates what it throws, as every thunk does.
template <class Fail>
HRESULT translate(Fail fail)
{
    try {
        fail();
    } catch (...) {
        return ucom::hresult_from_caught_exception();
    }
    return S_OK;
}

} // namespace

TEST_CASE("the result codes keep COM's values")
{
    CHECK(S_OK == 0);
    CHECK(S_FALSE == 1);
    CHECK(static_cast<std::uint32_t>(E_NOINTERFACE) == 0x80004002U);
    CHECK(static_cast<std::uint32_t>(E_POINTER) == 0x80004003U);
    CHECK(static_cast<std::uint32_t>(E_FAIL) == 0x80004005U);
    CHECK(static_cast<std::uint32_t>(E_OUTOFMEMORY) == 0x8007000EU);
    CHECK(static_cast<std::uint32_t>(E_INVALIDARG) == 0x80070057U);
    CHECK(static_cast<std::uint32_t>(CLASS_E_CLASSNOTAVAILABLE) == 0x80040111U);
    CHECK(static_cast<std::uint32_t>(REGDB_E_CLASSNOTREG) == 0x80040154U);
    CHECK(SUCCEEDED(S_FALSE));
    CHECK(FAILED(E_UNEXPECTED));
}

TEST_CASE("known result codes have a name and a message, and names map back to codes")
{
    const HRESULT codes[] = {S_OK,
                             S_FALSE,
                             E_NOTIMPL,
                             E_NOINTERFACE,
                             E_POINTER,
                             E_ABORT,
                             E_FAIL,
                             E_UNEXPECTED,
                             E_ACCESSDENIED,
                             E_HANDLE,
                             E_OUTOFMEMORY,
                             E_INVALIDARG,
                             CLASS_E_NOAGGREGATION,
                             CLASS_E_CLASSNOTAVAILABLE,
                             REGDB_E_CLASSNOTREG,
                             CO_E_NOTINITIALIZED,
                             CO_E_DLLNOTFOUND,
                             CO_E_ERRORINDLL};
    for (const HRESULT code : codes) {
        const char *name = ucom_hresult_name(code);
        REQUIRE(name != nullptr);
        REQUIRE(ucom_hresult_message(code) != nullptr);
        HRESULT back = S_OK;
        CHECK(ucom_hresult_from_name(name, &back) == S_OK);
        CHECK(back == code);
    }
    CHECK(ucom::hresult_name(E_NOINTERFACE) == "E_NOINTERFACE");
    CHECK(ucom::hresult_message(E_NOINTERFACE) == "No such interface supported");
}

TEST_CASE("unknown result codes are shown in hex, and unknown names are rejected")
{
    const auto code = static_cast<HRESULT>(0x8004ABCDU);
    CHECK(ucom_hresult_name(code) == nullptr);
    CHECK(ucom::hresult_name(code) == "0x8004ABCD");
    CHECK(ucom::hresult_message(code) == "unknown error 0x8004ABCD");
    HRESULT out = S_OK;
    CHECK(ucom_hresult_from_name("E_NOSUCHTHING", &out) == E_INVALIDARG);
    CHECK(ucom_hresult_from_name("e_fail", &out) == E_INVALIDARG);
    CHECK(ucom_hresult_from_name(nullptr, &out) == E_POINTER);
}

TEST_CASE("an error prints its origin, message, code name and value")
{
    const ucom::error with_origin(E_NOINTERFACE, "no IFoo here", "Example.Widget");
    CHECK(with_origin.to_string() == "Example.Widget: no IFoo here (E_NOINTERFACE 0x80004002)");
    CHECK(fmt::format("{}", with_origin) == with_origin.to_string());
    const ucom::error unknown_code(static_cast<HRESULT>(0x80041234U), "odd");
    CHECK(unknown_code.to_string() == "odd (0x80041234)");
}

TEST_CASE("from_hresult takes the thread's error info when its code matches the failure")
{
    ucom_set_error_info(E_ACCESSDENIED, "Example.Vault", "the vault is locked");
    const ucom::error matched = ucom::error::from_hresult(E_ACCESSDENIED, "caller");
    CHECK(matched.code() == E_ACCESSDENIED);
    CHECK(matched.message() == "the vault is locked");
    CHECK(matched.origin() == "Example.Vault");
    CHECK(ucom_take_error_info(nullptr, nullptr, nullptr) == S_FALSE); // taken, not left behind
}

TEST_CASE("from_hresult ignores stale error info of another code and uses the generic message")
{
    ucom_set_error_info(E_ACCESSDENIED, "Example.Vault", "stale");
    const ucom::error generic = ucom::error::from_hresult(E_POINTER, "caller");
    CHECK(generic.message() == "Invalid (null) pointer");
    CHECK(generic.origin() == "caller");
    CHECK(ucom_take_error_info(nullptr, nullptr, nullptr) == S_FALSE);
}

namespace vendor {
// What a third-party library might throw: no std::exception, no text.
struct fault {
    int code;
};
} // namespace vendor

TEST_CASE("each kind of exception becomes its HRESULT with its message as error info")
{
    struct expectation {
        HRESULT code;
        std::string message;
        std::string source;
    };
    const auto check = [](HRESULT got, const expectation &want) {
        CHECK(got == want.code);
        const ucom::error e = ucom::error::from_hresult(got);
        CHECK(e.message() == want.message);
        CHECK(e.origin() == want.source);
    };
    check(translate([] { throw ucom::hresult_error(E_ACCESSDENIED, "locked", "Example.Vault"); }),
          {E_ACCESSDENIED, "locked", "Example.Vault"});
    check(translate([] { throw std::bad_alloc(); }), {E_OUTOFMEMORY, "out of memory", ""});
    check(translate([] { throw std::invalid_argument("negative size"); }), {E_INVALIDARG, "negative size", ""});
    check(translate([] { throw std::runtime_error("disk on fire"); }), {E_FAIL, "disk on fire", ""});
    check(translate([] { throw std::string("thrown as a std::string"); }), {E_FAIL, "thrown as a std::string", ""});
    check(translate([] { throw "thrown as a C string"; }), {E_FAIL, "thrown as a C string", ""});
    check(translate([] { throw 42; }), {E_UNEXPECTED, "an exception of type int (42), not a std::exception", ""});
    check(translate([] { throw vendor::fault{3}; }),
          {E_UNEXPECTED, "an exception of type vendor::fault, not a std::exception", ""});
    check(translate([] { throw std::pair<long, char>(1, 'x'); }),
          {E_UNEXPECTED, "an exception of type std::pair<long, char>, not a std::exception", ""});
}
