using InteractionEngine.WhatsAppEmulator;

// dotnet run --project src/InteractionEngine.WhatsAppEmulator -- --urls http://127.0.0.1:5090
await WhatsAppEmulatorApp.Build(args).RunAsync();
