/* A library in a folder that only the test program's DT_RPATH names (host_rpath_test.cpp). */
__attribute__((visibility("default"))) int ucom_test_host_rpath_value(void);

int ucom_test_host_rpath_value(void) { return 42; }
