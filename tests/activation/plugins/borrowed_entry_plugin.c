/* A plugin that links a library exporting DllGetClassObject but defines none itself. */
int ucom_test_entry_dependency_version(void);
int ucom_test_borrowed_entry(void);
int ucom_test_borrowed_entry(void) { return ucom_test_entry_dependency_version(); }
