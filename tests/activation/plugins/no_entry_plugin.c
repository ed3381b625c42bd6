/* A plugin with a valid descriptor (the calculator's) and no DllGetClassObject. */
int ucom_test_no_entry_plugin_marker(void);
int ucom_test_no_entry_plugin_marker(void) { return 1; }
