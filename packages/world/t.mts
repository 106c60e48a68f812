import { importRathena } from './src/import';
const { data, report } = importRathena({ dir: '/tmp/ra13/rathena' });
console.log(report);
const json = JSON.stringify(data);
console.log('json bytes', json.length);
console.log(data.shops.slice(0,2), data.warps[0], data.spawns[0], data.monsters.find(m=>m.name==='Baphomet'), data.items.find(i=>i.id===501));
