import { openDatabase } from "@/db/client";
import { createToken } from "@/lib/tokens/create-token";
const db = openDatabase(process.argv[2]!);
console.log(createToken(db, { name: "dev " + Date.now() }, "dev").token);
