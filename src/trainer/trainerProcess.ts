// placeholder until the extension's trainer protocol exists
export {};
