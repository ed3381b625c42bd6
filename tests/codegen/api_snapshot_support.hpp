// The API snapshot of IDL text, compiled as ucom-idl compiles a file (the compatibility tests).
#pragma once

#include <string>

#include <catch2/catch.hpp>

#include "api_snapshot.hpp"
#include "driver.hpp"

inline std::string api_snapshot_of(const std::string &idl)
{
    ucom::idl::compilation unit;
    ucom::idl::preprocessor_options options;
    options.include_dirs.emplace_back(UCOM_TEST_IDL_DIR);
    auto model = ucom::idl::read_model_from_text("test.idl", idl, options, unit);
    INFO(idl);
    REQUIRE(model);
    ucom::idl::writer_options names;
    names.source_name = "test.idl";
    names.stem = "test";
    return ucom::idl::write_api_snapshot(*model, names);
}
