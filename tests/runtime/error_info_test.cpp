// Per-thread error info through the C API.
#include <cstring>
#include <thread>

#include <catch2/catch.hpp>

#include <ucom/ucom.h>

TEST_CASE("error info round-trips and is cleared when taken")
{
    ucom_set_error_info(E_FAIL, "Example.Source", "it broke");
    HRESULT code = S_OK;
    char *source = nullptr;
    char *message = nullptr;
    REQUIRE(ucom_take_error_info(&code, &source, &message) == S_OK);
    CHECK(code == E_FAIL);
    CHECK(std::strcmp(source, "Example.Source") == 0);
    CHECK(std::strcmp(message, "it broke") == 0);
    ucom_free(source);
    ucom_free(message);

    CHECK(ucom_take_error_info(&code, &source, &message) == S_FALSE);
    CHECK(code == S_OK);
    CHECK(source == nullptr);
    CHECK(message == nullptr);
}

TEST_CASE("error info keeps only the latest failure and can be cleared")
{
    ucom_set_error_info(E_FAIL, nullptr, "first");
    ucom_set_error_info(E_POINTER, nullptr, nullptr);
    HRESULT code = S_OK;
    char *source = nullptr;
    char *message = nullptr;
    REQUIRE(ucom_take_error_info(&code, &source, &message) == S_OK);
    CHECK(code == E_POINTER);
    CHECK(std::strcmp(source, "") == 0);
    CHECK(std::strcmp(message, "") == 0);
    ucom_free(source);
    ucom_free(message);

    ucom_set_error_info(E_FAIL, nullptr, "to be cleared");
    ucom_clear_error_info();
    CHECK(ucom_take_error_info(&code, nullptr, nullptr) == S_FALSE);
}

TEST_CASE("error info belongs to the thread that set it")
{
    ucom_set_error_info(E_ACCESSDENIED, "main", "set on the main thread");
    HRESULT seen_elsewhere = E_UNEXPECTED;
    std::thread other([&] {
        HRESULT code = S_OK;
        seen_elsewhere = ucom_take_error_info(&code, nullptr, nullptr);
        ucom_set_error_info(E_FAIL, "other", "set on another thread");
    });
    other.join();
    CHECK(seen_elsewhere == S_FALSE);
    HRESULT code = S_OK;
    CHECK(ucom_take_error_info(&code, nullptr, nullptr) == S_OK);
    CHECK(code == E_ACCESSDENIED);
}
