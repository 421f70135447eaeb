// Placeholder entry point until the shared daemon host lands in main.
return 0;
