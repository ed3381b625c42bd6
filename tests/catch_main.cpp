// The Catch2 test runner shared by every test executable.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
