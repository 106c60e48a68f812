import { signature } from '../signature';
for (const t of process.argv.slice(2)) console.log(JSON.stringify(t), '→', signature(t));
