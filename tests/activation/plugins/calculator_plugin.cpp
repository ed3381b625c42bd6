// The example calculator as a plugin: the C++ component, exported with one line.
#include <ucom/module.hpp>

#include "calculator.hpp"

UCOM_DEFINE_MODULE(ucom::exported_class<example::calculator>(CLSID_Calculator))
