/**
 * Indonesian chat (iRO players) → the English the recogniser's cues know. Keys: lowercase token
 * sequences (longest match wins); values: English ('' drops the token). Chat forms: "gan", "bro",
 * "brp", "gk"/"ga"/"gak", "udh", "yg", "dong", "kak", "ane"/"gw", "lu", "tlg", "mksh", "wkwk".
 * Indonesian players say most game words in English already (pot, warp, refine, quest).
 */
export const ID: Readonly<Record<string, string>> = {
  // greetings, farewells, politeness
  halo: 'hello', hallo: 'hello', hai: 'hi', hei: 'hey', hey: 'hey', permisi: 'hello', 'selamat pagi': 'good morning', pagi: 'morning', 'selamat siang': 'good afternoon',
  siang: 'afternoon', 'selamat sore': 'good afternoon', sore: 'afternoon', 'selamat malam': 'good evening', malam: 'evening', 'apa kabar': 'how are you', 'gimana kabarnya': 'how are you',
  'gmn kabarnya': 'how are you', 'kabarnya gimana': 'how are you', kabar: 'how are you', 'assalamualaikum': 'hello', 'punten': 'excuse me',
  dadah: 'bye', dah: 'bye', bye: 'bye', 'sampai jumpa': 'see you', 'sampai ketemu': 'see you', 'sampai nanti': 'see you later', 'cabut dulu': 'i am leaving', cabut: 'i am leaving',
  'duluan ya': 'i am leaving', duluan: 'i am leaving', 'pamit dulu': 'i am leaving', pamit: 'i am leaving', 'off dulu': 'logging off', 'mau tidur': 'going to sleep',
  makasih: 'thanks', 'terima kasih': 'thanks', trims: 'thanks', mksh: 'thanks', makasi: 'thanks', tq: 'thanks', thx: 'thanks', tengkyu: 'thanks',
  tolong: 'please', tlg: 'please', 'tolong bantu': 'please help', plis: 'please', pls: 'please', dong: '', donk: '', deh: '', sih: '', nih: '', kok: '', lah: '', kan: '', toh: '',
  ya: '', yah: '', yaa: '', yo: 'hey', oke: 'ok', ok: 'ok', okey: 'ok', sip: 'ok', siap: 'ok', boleh: 'yes', iya: 'yes', iyaa: 'yes', iye: 'yes', yoi: 'yes', ayo: 'lets go',
  gas: 'go ahead', gaskeun: 'go ahead', 'gas aja': 'go ahead', lanjut: 'go ahead', jadi: 'become', 'jadi deh': 'deal', deal: 'deal', gk: 'no', ga: 'no', gak: 'no', nggak: 'no',
  ngga: 'no', enggak: 'no', tidak: 'no', tdk: 'no', engga: 'no', kagak: 'no', 'gak usah': 'no thanks', 'ga usah': 'no thanks', 'gk usah': 'no thanks', 'nanti aja': 'not now',
  'gak jadi': 'never mind', 'ga jadi': 'never mind', 'gk jadi': 'never mind', 'eh ganti': 'actually make it', ganti: 'make it', 'ganti aja': 'make it', 'eh': 'actually',
  maaf: 'sorry', sori: 'sorry', sorry: 'sorry', 'maafin': 'sorry', 'maaf ya': 'sorry',
  gan: 'bro', agan: 'bro', bro: 'bro', bray: 'bro', bang: 'bro', mas: 'bro', kak: 'miss', kakak: 'miss', sis: 'sis', om: 'mister', pak: 'sir', bu: 'madam', min: 'sir', mbak: 'miss',
  // pronouns and small words
  aku: 'i', ak: 'i', saya: 'i', ane: 'i', gw: 'i', gue: 'i', sy: 'i', gua: 'i', kamu: 'you', km: 'you', lu: 'you', lo: 'you', loe: 'you', elu: 'you', anda: 'you', kau: 'you',
  punya: 'have', punyaku: 'mine', ini: 'this', itu: 'that', yg: 'the', yang: 'the', di: 'in', ke: 'to', dari: 'from', sama: 'with', dengan: 'with', dgn: 'with',
  buat: 'for', untuk: 'for', utk: 'for', dan: 'and', sm: 'with', atau: 'or', apa: 'what', ap: 'what', sini: 'here', 'di sini': 'here', disini: 'here', sana: 'there',
  'di sana': 'over there', disana: 'over there', 'ke sana': 'there', kesana: 'there', situ: 'there', aja: 'just', saja: 'just', juga: 'too', jg: 'too', lagi: 'more', lg: 'more',
  banget: 'very', bgt: 'very', semua: 'all', semuanya: 'all of them', 'semua nya': 'all of them', udh: 'already', udah: 'already', sudah: 'already',
  blm: 'not yet', belum: 'not yet', sekarang: 'now', skrg: 'now', nanti: 'later', hari: 'day', 'hari ini': 'today', kenapa: 'why', knp: 'why', karena: 'because', krn: 'because',
  ada: 'is there', adakah: 'is there', selusin: 'a dozen', lusin: 'dozen', satu: '1', se: '1', dua: '2', tiga: '3', empat: '4', lima: '5', enam: '6', tujuh: '7', delapan: '8',
  sembilan: '9', sepuluh: '10', 'dua belas': '12', 'lima belas': '15', 'dua puluh': '20', 'tiga puluh': '30', 'lima puluh': '50', seratus: '100',
  'dua lagi': '2 more', 'satu lagi': '1 more', 'tiga lagi': '3 more', 'yg biru': 'the blue ones', 'yang biru': 'the blue ones', 'yg merah': 'the red ones', 'yang merah': 'the red ones',
  'yg kuning': 'the yellow ones', 'yg putih': 'the white ones', 'yg hijau': 'the green ones', 'terus': 'and', 'trus': 'and', 'kalau': 'and', 'kalo': 'and', klo: 'and',
  // trade
  'ada jual': 'do you sell', 'ada yg jual': 'do you sell', 'mau beli': 'i want to buy', 'pengen beli': 'i want to buy', 'pingin beli': 'i want to buy', 'mo beli': 'i want to buy', beli: 'buy', 'beliin': 'buy', 'jual dong': 'sell me',
  'jualin': 'sell me', 'mau jual': 'i want to sell', 'pengen jual': 'i want to sell', jual: 'sell', 'mau': 'i want', mo: 'i want', pengen: 'i want', pingin: 'i want',
  ingin: 'i want', butuh: 'i need', perlu: 'i need', kasih: 'give me', 'kasih dong': 'give me', minta: 'give me', ambil: 'i will take', 'ane ambil': 'i will take',
  toko: 'shop', 'toko senjata': 'weapon shop', 'toko armor': 'armor shop', 'toko baju zirah': 'armor shop', 'toko item': 'tool shop', 'toko alat': 'tool shop', pasar: 'market',
  dihargai: 'worth', dibeli: 'bought for', 'dibeli brp': 'how much will you pay', 'dihargai brp': 'how much will you pay', 'dihargai berapa': 'how much will you pay',
  barang: 'items', barang2: 'items', 'barang barang': 'items', drop: 'loot', drops: 'loot', jarahan: 'loot',
  berapa: 'how much', brp: 'how much', brapa: 'how much', 'berapa harga': 'how much is', 'brp harga': 'how much is', 'harganya berapa': 'how much is', 'harga nya': 'price',
  harga: 'price', harganya: 'price', mahal: 'expensive', murah: 'cheap', diskon: 'discount', 'lebih murah': 'cheaper', duit: 'money', uang: 'money', zeni: 'zeny',
  // items
  ramuan: 'potion', 'sayap lalat': 'fly wing', 'sayap kupu': 'butterfly wing', 'sayap kupu kupu': 'butterfly wing', permata: 'gem', batu: 'stone', bulu: 'feather',
  pedang: 'sword', belati: 'dagger', pisau: 'knife', 'baju zirah': 'armor', zirah: 'armor', baju: 'armor', sepatu: 'shoes', busur: 'bow', panah: 'arrow', perisai: 'shield',
  topi: 'hat', helm: 'helm', jubah: 'robe', herba: 'herb', apel: 'apple', daging: 'meat', susu: 'milk', madu: 'honey', senjata: 'weapon', perlengkapan: 'equipment',
  equip: 'equipment', tas: 'bag', inventori: 'inventory', 'air suci': 'holy water',
  merah: 'red', biru: 'blue', kuning: 'yellow', putih: 'white', hijau: 'green', oranye: 'orange', jingga: 'orange', oren: 'orange',
  // travel
  dimana: 'where is', 'di mana': 'where is', dmn: 'where is', mana: 'where', kemana: 'where to', 'ke mana': 'where to', kmn: 'where to', 'gimana cara ke': 'how do i get to',
  'gmn cara ke': 'how do i get to', 'cara ke': 'how to get to', 'jalan ke': 'way to', 'arah ke': 'way to', gimana: 'how', gmn: 'how', bagaimana: 'how', cara: 'way',
  jalan: 'way', arah: 'direction', nyasar: 'lost', tersesat: 'lost', kesasar: 'lost', jauh: 'far', dekat: 'near', deket: 'near', anterin: 'take me', anter: 'take me',
  antar: 'take me', antarkan: 'take me', 'anterin ke': 'take me to', 'kirim ke': 'send me to', kirim: 'send me', 'pindahin ke': 'send me to', 'mau ke': 'i want to go to',
  'pengen ke': 'i want to go to', pergi: 'go', teleportin: 'teleport me', tele: 'teleport', gereja: 'church', penginapan: 'inn', losmen: 'inn', istana: 'castle',
  kastil: 'castle', 'air mancur': 'fountain', pelabuhan: 'docks', dermaga: 'docks', gerbang: 'gate', perpustakaan: 'library', kuburan: 'cemetery', makam: 'cemetery',
  'pandai besi': 'blacksmith', goa: 'cave', kota: 'town', desa: 'village',
  // services
  gudang: 'storage', penyimpanan: 'storage', simpen: 'store', simpan: 'store', nyimpen: 'store', nyimpan: 'store', 'titip barang': 'store my items', titip: 'store', ambilin: 'withdraw',
  penuh: 'full', berat: 'heavy', buka: 'open', bukain: 'open', 'titik kembali': 'save point', 'titik respawn': 'save point', 'titik save': 'save point', titik: 'point',
  'save di sini': 'save here', respawn: 'respawn', bangkit: 'respawn', hidup: 'respawn', mati: 'die',
  // quests
  misi: 'quest', tugas: 'task', kerjaan: 'work', kerja: 'work', pekerjaan: 'work', 'butuh bantuan': 'do you need help', bantuan: 'help', bantu: 'help', bantuin: 'help me',
  'bantu dong': 'help me', bunuh: 'killed', 'udh bunuh': 'i killed', 'sudah bunuh': 'i killed', 'udah bunuh': 'i killed', bawa: 'brought', 'udh bawa': 'i brought',
  'ini dia': 'here you go', 'yg kamu minta': 'you asked for', 'yang kamu minta': 'you asked for', 'yg km minta': 'you asked for', selesai: 'done', beres: 'done',
  kelar: 'done', hadiah: 'reward', hadiahnya: 'reward', imbalan: 'reward', 'kurang berapa': 'how many more', 'kurang brp': 'how many more', kurang: 'left', sisa: 'left',
  // jobs
  'ganti job': 'job change', 'ganti class': 'job change', 'ganti kelas': 'job change', 'ubah job': 'job change', 'jadi apa': 'become what', kelas: 'class',
  'mau jadi': 'i want to become', 'pengen jadi': 'i want to become', 'bisa jadi': 'can i become', penyihir: 'mage', pendekar: 'swordman', pemanah: 'archer', pencuri: 'thief',
  pedagang: 'merchant', ksatria: 'knight',
  // refine
  tempa: 'refine', upgrade: 'upgrade', naikin: 'upgrade', 'naikkan': 'upgrade', perkuat: 'upgrade',
  // lore, smalltalk
  siapa: 'who', 'siapa itu': 'who is', raja: 'king', ratu: 'queen', cerita: 'story', ceritain: 'tell me', 'ceritakan': 'tell me', kisah: 'story', legenda: 'legend',
  sejarah: 'history', tentang: 'about', 'apa yg terjadi': 'what happened', 'apa yang terjadi': 'what happened', terjadi: 'happened', ngapain: 'doing what', 'lagi ngapain': 'what are you doing',
  cuaca: 'weather', cuacanya: 'weather', cerah: 'sunny', hujan: 'rain', wkwk: 'lol', wkwkwk: 'lol', wkwkwkwk: 'lol', wk: 'lol', haha: 'lol', hehe: 'lol', lucu: 'funny',
  'lucu lu': 'you are funny', seneng: 'happy', suka: 'like', kerjaanmu: 'your work',
  // insults
  bego: 'stupid', bodoh: 'stupid', bodo: 'stupid', goblok: 'idiot', goblog: 'idiot', tolol: 'idiot', dongo: 'stupid', anjing: 'bitch', anjir: 'damn', njir: 'damn',
  bangsat: 'bastard', babi: 'pig', kampret: 'jerk', sampah: 'trash', 'gak guna': 'useless', 'ga guna': 'useless', 'gk guna': 'useless', 'gak berguna': 'useless',
  'tidak berguna': 'useless', diem: 'shut up', diam: 'shut up', 'diem lu': 'shut up', brengsek: 'bastard', jelek: 'ugly', payah: 'pathetic', dasar: 'you are',
  // help
  'aku baru': 'i am new', 'ane baru': 'i am new', 'saya baru': 'i am new', 'gw baru': 'i am new', 'baru main': 'new player', pemula: 'beginner', nubi: 'newbie',
  'harus ngapain': 'what should i do', 'ngapain dulu': 'what should i do', 'bisa apa': 'what can you do', 'bisa apa aja': 'what can you do', bisa: 'can', 'gimana caranya': 'how does it work',
  'caranya gimana': 'how does it work', caranya: 'how to', petunjuk: 'guide', tips: 'tips', saran: 'advice',
};
