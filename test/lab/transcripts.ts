export async function recordTranscripts(log: (l: string) => void): Promise<void> { log("todo") }
