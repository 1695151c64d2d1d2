"""Generated outputs: the Outstanding Issues report, the Work Programme document and the
tracker export. Officers type these by hand today; here they are read off the records."""
