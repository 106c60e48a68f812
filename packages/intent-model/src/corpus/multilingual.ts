/**
 * Training phrasings in Brazilian Portuguese, Spanish and Indonesian, as their communities type
 * them in Ragnarok chat (slang included: vlw, blz, qnt, pfv, mano / q, xq, porfa, wena / gan, brp,
 * gk, udh, yg, dong). Same template syntax as `corpus.ts` (`(a|b)`, `[x]`, `{slot}`); game names
 * (items, towns, jobs) come from the gazetteer slots, as players write them.
 *
 * Written for training only, independently of any evaluation file: never `../shared/eval`, never
 * `packages/rules/src/corpus/heldout-*.jsonl`.
 */
import type { Intent } from '@npc/contracts';

const PT: Partial<Record<Intent, string[]>> = {
  greet: ['(oi|ola|eae|eai|opa|salve|fala) [(mano|moça|moço|tio|parça|galera)][ (blz|tudo bem|tudo bom)][?]', '(bom dia|boa tarde|boa noite)[ (moça|senhor|kafra|mano)]', 'e ai[ mano][, beleza][?]'],
  farewell: ['(tchau|flw|falou|xau|até mais|até logo)[ (mano|moça|galera)][ (vlw|valeu|obg)]', '(vou nessa|to indo|fui|vou deslogar|tenho que ir)[ (flw|tchau|vlw)]', '(vlw|valeu|obrigado), (até mais|tchau|falou)'],
  buy: ['(quero comprar|compro|me vê|me vende|me da|queria comprar) {qty}{buyitem}[ (pfv|por favor|ai)]', '(quero|preciso de) {qty}{buyitem}[ pfv]', 'vc (vende|tem) {buyitem}[?]', 'vou levar {qty}{buyitem}', 'abre a loja[ (pfv|ai)]', 'quero ver (suas mercadorias|a loja|o que vc tem)'],
  sell: ['(quero vender|vendo|to vendendo) {qty}{loot}[ (pfv|aqui)]', '(vc|voce) compra {loot}[?]', 'compra meus {loot}[?]', 'quanto (vc paga|paga|me da) (nos|pelos) meus (drops|itens|{loot})[?]', 'quero me livrar dos meus drops'],
  price_check: ['(quanto|qnt|qto) (custa|é|sai|ta) [(a|o) ]{item}[?]', 'qual (o preço|o valor) (do|da|de) {item}[?]', '(ta|é) caro (o|a) {item}[?]', 'preço (do|da) {item}[ pfv]', 'quanto custa (o teleporte|o tp|ir) pra {dest}[?]', 'quanto custa (o armazem|abrir o armazem|um refino)[?]'],
  directions: ['(onde fica|onde é|cadê|cade|onde ta) (a|o) (igreja|pousada|loja de armas|loja de armaduras|fonte|castelo|ferraria|biblioteca)[?]', 'como (eu )?chego (em|na|no|a) {dest}[?]', '(to|estou) perdido[,] (onde fica|cadê) (a pousada|a igreja|o castelo)[?]', 'qual o caminho pra {dest}[?]', 'onde fica {dest}[?]'],
  warp: ['(me leva|me manda|teleporta|tp|me teleporta) (pra|para) {dest}[ (pfv|mano|ai)]', '(quero|queria|preciso) ir (pra|para) {dest}[ pfv]', 'teleporte pra {dest}[ pfv]', 'me leva (pra|para) {dest} agora'],
  storage: ['(abre|abrir|acessar) (meu |o )?(armazem|armazém|bau)[ (pfv|ai)]', '(quero|preciso) guardar (umas coisas|meus itens|meu equip)', 'minha (mochila|bolsa) (ta|está) (cheia|lotada)', '(quero|preciso) depositar[ uns itens]'],
  save_point: ['(salva|salvar|marca|marcar) (meu )?(ponto|ponto de retorno|respawn)( aqui)?[ pfv]', 'quero (renascer|voltar) aqui quando morrer', 'salvar (aqui|nessa cidade)[ pfv]'],
  quest_request: ['(tem|vc tem|você tem) (alguma )?(missão|missao|quest|tarefa|trampo)( pra mim)?[?]', '(precisa|vc precisa) de ajuda[ com algo][?]', 'me (da|dá) uma (missão|quest|tarefa)[ pfv]', 'quero (trabalho|uma quest|ajudar)', 'posso ajudar (em algo|vc)[?]'],
  quest_progress: ['(matei|derrotei) (todos os|os) {monster}', '(trouxe|peguei|juntei) (os|as) {item}( que vc pediu)?', '(terminei|acabei) a (missão|quest|tarefa)[, (cadê|quero) (a|minha) recompensa]', '(quantos|quantas) (faltam|ainda faltam)[?]', 'quest (feita|pronta|concluida)'],
  job_change: ['(quero|queria) (virar|ser) {job}', 'me (transforma|torna) (em )?{job}[ pfv]', '(quero|posso) mudar de classe[ pra {job}][?]', 'posso (virar|ser) {job}[?]'],
  refine: ['(refina|refinar|upa|melhora) (minha|meu) {gear}[ pfv]', '{ref} (na|no) (minha|meu) {gear}[ pfv]', 'quero refinar (minha|meu) {gear}[ (pra|até) {ref}]', 'da um upgrade (na|no) (minha|meu) {gear}'],
  lore: ['quem (é|foi) {lore}[?]', 'me (conta|fala) (a história|sobre|a lenda) (de|da|do) {lore}', 'o que aconteceu (com|em) {dest}[?]', 'qual a (lenda|história) (dessa cidade|desse lugar)[?]', 'por que {dest} é (amaldiçoada|famosa)[?]'],
  smalltalk: ['como (vai|está|ta) (seu|o seu) dia[?]', '(tudo bem|td bem) com (vc|você)[?]', '(kkkk|kkk|rsrs) (vc é|voce é) (engraçado|engraçada|legal)', '(que|ta um) (dia bonito|tempo bom|calor)[ hoje]', 'vc gosta (do seu trabalho|daqui)[?]'],
  insult: ['(vc é|voce é|seu|sua) (idiota|burro|burra|inutil|lixo|otario)', '(cala a boca|vai se ferrar|vtnc|vsf)[ (npc|kafra)]', '(npc|kafra) (burra|inutil|lixo|idiota)', 'que (npc|kafra) (chata|burra|inútil)'],
  help: ['(sou novo|sou iniciante|to perdido no jogo)[,] o que (eu )?faço[?]', 'o que (vc|voce) faz[?]', 'me ajuda[ (pfv|ai)]', 'como funciona (o refino|o armazem|o teleporte)[?]', '(alguma|me da uma) dica[ pfv][?]'],
};

const ES: Partial<Record<Intent, string[]>> = {
  greet: ['(hola|ola|wena|wenas|buenas|que onda|que tal)[ (compa|amigo|señorita|señor|bro)][ (como estas|que tal)][?]', '(buenos dias|buenas tardes|buenas noches)[ (señorita|señor|kafra)]', 'wena wena'],
  farewell: ['(chao|chau|adios|nos vemos|hasta luego|hasta pronto)[ (compa|amigo)][ (gracias|grax)]', '(me voy|me piro|tengo que irme|me retiro)[, (chao|adios|nos vemos)]', 'gracias, (chao|nos vemos)'],
  buy: ['(quiero comprar|kiero comprar|dame|vendeme|me vendes|compro) {qty}{buyitem}[ (porfa|xfa|por favor)]', '(quiero|necesito) {qty}{buyitem}[ porfa]', '(vendes|tienes) {buyitem}[?]', 'me llevo {qty}{buyitem}', 'abre la tienda[ porfa]', 'quiero ver (tu mercancia|la tienda|lo que tienes)'],
  sell: ['(quiero vender|vendo|te vendo) {qty}{loot}[ porfa]', '(compras|me compras) {loot}[?]', 'cuanto me (das|pagas) por (mi botin|mis drops|mis {loot})[?]', 'quiero deshacerme de mi botin'],
  price_check: ['(cuanto|q precio|que precio) (cuesta|vale|sale|tiene) [(la|el) ]{item}[?]', 'a cuanto (esta|sale) (la|el) {item}[?]', 'es caro (el|la) {item}[?]', 'precio (de|del) {item}[ porfa]', 'cuanto cuesta (el teletransporte|ir) a {dest}[?]', 'cuanto cuesta (el almacen|un refinamiento)[?]'],
  directions: ['(donde esta|donde queda|donde es) la (iglesia|posada|tienda de armas|fuente|biblioteca|herreria)[?]', 'donde (esta|queda) el (castillo|puerto|mercado)[?]', 'como (llego|voy) a {dest}[?]', 'estoy perdido[,] donde (esta|queda) la (posada|iglesia)[?]', 'cual es el camino a {dest}[?]'],
  warp: ['(llevame|mandame|teletransportame|tp) a {dest}[ (porfa|xfa)]', '(quiero|kiero|necesito) ir a {dest}[ porfa]', 'teletransporte a {dest}[ porfa]', 'me llevas a {dest}[?]'],
  storage: ['(abre|abreme|abrir) (mi |el )?(almacen|almacenamiento|baul)[ porfa]', '(quiero|necesito) guardar (unas cosas|mis objetos|mi equipo)', 'mi (inventario|mochila|bolsa) (esta|ta) lleno', 'quiero depositar[ unas cosas]'],
  save_point: ['(guarda|guardar|marca) mi (punto|punto de retorno|posicion)( aqui)?[ porfa]', 'quiero (reaparecer|revivir) aqui', 'guardar aqui[ porfa]'],
  quest_request: ['(tienes|hay) (alguna )?(mision|quest|tarea|chamba|trabajo)( para mi)?[?]', 'necesitas ayuda[ con algo][?]', 'dame una (mision|quest|tarea)[ porfa]', 'quiero (trabajo|una mision|ayudar)', 'puedo ayudarte (en algo)?[?]'],
  quest_progress: ['(mate|derrote) a todos los {monster}', '(traje|consegui) (los|las) {item}( que pediste)?', '(termine|acabe) la (mision|quest|tarea)[, (mi|dame la) recompensa]', 'cuantos (me faltan|faltan)[?]', 'mision (hecha|lista|completada)'],
  job_change: ['(quiero|kiero) ser {job}', '(conviérteme|convierteme|hazme) {job}[ porfa]', 'quiero cambiar de clase[ a {job}]', 'puedo ser {job}[?]'],
  refine: ['(refina|refinar|mejora|mejorar) mi {gear}[ porfa]', '{ref} a mi {gear}[ porfa]', 'quiero refinar mi {gear}[ a {ref}]', 'sube mi {gear} a {ref}'],
  lore: ['quien (es|fue) {lore}[?]', '(cuentame|me cuentas) (la historia|la leyenda|sobre) (de )?{lore}', 'que le paso a {dest}[?]', 'cual es la leyenda de (este pueblo|esta ciudad)[?]', 'por que {dest} esta maldita[?]'],
  smalltalk: ['como (va|esta) tu dia[?]', '(todo bien|que tal) (contigo|tu dia)[?]', '(jajaja|jaja|xd) eres (gracioso|graciosa|chistoso)', 'que (lindo|bonito) dia[ hoy]', 'te gusta tu trabajo[?]'],
  insult: ['(eres|sos) (un |una )?(idiota|tonto|tonta|inutil|estupido|basura)', '(callate|cierra la boca|vete a la mierda)[ (npc|kafra)]', '(npc|kafra) (tonta|inutil|estupida|basura)', 'que (npc|kafra) mas (tonta|inutil)'],
  help: ['(soy nuevo|soy nueva|soy principiante)[,] (que hago|q hago|que debo hacer)[?]', 'que puedes hacer[?]', 'ayudame[ porfa]', 'como funciona (el refinamiento|el almacen|el teletransporte)[?]', 'algun consejo[?]'],
};

const ID: Partial<Record<Intent, string[]>> = {
  greet: ['(halo|hai|hei|pagi|siang|malam|permisi) [(gan|kak|bro|om|sis|min|bang)]', 'selamat (pagi|siang|sore|malam)[ (kak|gan|om)]', '(halo|hai) (gan|kak), apa kabar[?]'],
  farewell: ['(dadah|bye|sampai jumpa|cabut dulu|duluan ya|pamit dulu)[ (gan|kak|bro)]', '(makasih|mksh|thx) ya, (dadah|cabut dulu|duluan)', 'off dulu (gan|bro)'],
  buy: ['(mau beli|beli|pengen beli|wtb) {qty}{buyitem}[ (dong|gan|kak)]', '(jual|ada) {buyitem} gk[?]', '(kasih|minta) {qty}{buyitem}[ dong]', 'ane ambil {qty}{buyitem}', 'buka toko dong', 'mau liat (dagangan|barang) (nya|kamu)'],
  sell: ['(mau jual|jual|wts) {qty}{loot}[ (gan|dong)]', '(beli|terima) {loot} gk[?]', '{loot} (ane|aku) dihargai (brp|berapa)[?]', 'mau jual (drop|barang) ane'],
  price_check: ['(brp|berapa) (harga|harganya) {item}[?]', 'harga {item} (brp|berapa)[ gan][?]', '{item} mahal gk[?]', 'berapa (tarif|harga) (tp|warp|teleport) ke {dest}[?]', 'harga (gudang|refine) (brp|berapa)[?]'],
  directions: ['(gereja|penginapan|toko senjata|air mancur|istana|perpustakaan|pelabuhan) (dimana|di mana) ya[?]', '(gimana|gmn) cara ke {dest}[?]', 'jalan ke {dest} lewat mana[?]', '(aku|ane) nyasar, (penginapan|gereja) (dimana|di mana)[?]', '{dest} (dimana|di mana)[?]'],
  warp: ['(anterin|anter|kirim|tp|warp) (aku |ane )?ke {dest}[ (dong|gan|kak)]', '(mau|pengen) ke {dest}[ (dong|gan)]', 'teleportin ke {dest} dong', 'tolong kirim ke {dest}'],
  storage: ['(buka|bukain) (gudang|storage)[ (dong|kak|gan)]', '(mau|pengen) (nyimpen|simpan|titip) barang', 'tas (ane|aku) (penuh|berat) (banget|bgt)?', 'mau ambil barang di gudang'],
  save_point: ['(save|simpan) (di sini|disini)[ (dong|gan)]', '(set|simpan) (save point|titik kembali)[ (ane|aku)]', 'mau respawn di sini'],
  quest_request: ['ada (quest|misi|kerjaan|tugas) (gk|ga|gak)[?]', '(butuh|perlu) bantuan (gk|ga)[?]', '(kasih|minta) (quest|misi|tugas) dong', 'ada kerjaan buat (aku|ane|gw)[?]', 'mau bantu dong'],
  quest_progress: ['(udh|udah|sudah) bunuh semua {monster}', '(ini|nih) {item} yg (kamu|km) minta', 'quest (udh|udah|sudah) (selesai|beres|kelar)[, mana hadiahnya]', '(kurang|sisa) (brp|berapa) lagi[?]', 'misi (beres|selesai)'],
  job_change: ['(mau|pengen|ingin) jadi {job}', 'ganti job ke {job}[ dong]', 'bisa jadi {job} (gk|ga)[?]', 'jadiin (aku|ane) {job} dong'],
  refine: ['refine {gear} (ane|aku)[ dong]', '{ref} {gear} (ane|aku)[ dong]', '(mau|pengen) (upgrade|refine) {gear}[ ke {ref}]', 'tolong refine {gear} (gw|ane)'],
  lore: ['{lore} (itu )?siapa[?]', '(ceritain|ceritakan) (tentang|soal) {lore}[ dong]', 'apa yg terjadi (sama|di) {dest}[?]', 'legenda (kota ini|tempat ini) apa[?]', 'kenapa {dest} (terkutuk|terkenal)[?]'],
  smalltalk: ['(apa kabar|gimana kabarnya)[ (kak|gan)][?]', 'lagi ngapain (kak|gan|om)[?]', '(wkwk|wkwkwk|haha) (lucu|kocak) (lu|kamu)', '(cuacanya|hari ini) (cerah|panas|hujan) ya', 'suka kerja di sini (gk|ga)[?]'],
  insult: ['(dasar |lu |kamu )?(bego|goblok|tolol|bodoh|anjing|kampret)', '(diem|diam) (lu|kamu)[ (goblok|bego)]', '(npc|kafra) (gak guna|ga guna|bego|sampah)', 'npc (sampah|payah|tolol)'],
  help: ['(aku|ane|gw) (baru main|pemula)[,] harus ngapain[?]', '(kamu|km|lu) bisa apa aja[?]', '(tolong|tlg) bantu (dong|aku)', '(refine|gudang|teleport) itu (gimana|gmn) caranya[?]', 'ada (tips|saran) (gk|ga)[?]'],
};

/** Templates per intent in the three languages (Portuguese, Spanish, Indonesian) together. */
export const MULTILINGUAL_TEMPLATES: Readonly<Partial<Record<Intent, readonly string[]>>> = (() => {
  const out: Partial<Record<Intent, string[]>> = {};
  for (const book of [PT, ES, ID]) {
    for (const [intent, list] of Object.entries(book) as [Intent, string[]][]) out[intent] = [...(out[intent] ?? []), ...list];
  }
  return out;
})();
