/**
 * Spanish chat (Latin American and Spanish players) → the English the recogniser's cues know.
 * Keys: accent-free lowercase token sequences (longest match wins); values: English ('' drops it).
 * Chat forms: "q", "k", "xq", "porfa", "xfa", "wena", "tmb", "kiero", "toy", "d".
 */
export const ES: Readonly<Record<string, string>> = {
  // greetings, farewells, politeness
  hola: 'hello', ola: 'hello', holi: 'hi', holaa: 'hello', wena: 'hey', wenas: 'hey', buenas: 'hello', 'que onda': 'hey', 'que tal': 'how are you',
  'que hay': 'what is up', 'que pasa': 'what is up', 'buenos dias': 'good morning', 'buen dia': 'good morning', 'buenas tardes': 'good afternoon',
  'buenas noches': 'good evening', saludos: 'greetings', 'como estas': 'how are you', 'como esta': 'how are you', 'como andas': 'how are you', 'como va': 'how is',
  'todo bien': 'how are you', chao: 'bye', chau: 'bye', adios: 'goodbye', 'nos vemos': 'see you', 'hasta luego': 'see you later', 'hasta pronto': 'see you soon',
  'hasta manana': 'see you tomorrow', 'me voy': 'i am leaving', 'me piro': 'i am leaving', 'me retiro': 'i am leaving', 'tengo que irme': 'i have to go',
  cuidate: 'take care', gracias: 'thanks', grax: 'thanks', graciass: 'thanks', 'muchas gracias': 'thanks', porfa: 'please', porfis: 'please', xfa: 'please', xfavor: 'please',
  'por favor': 'please', pls: 'please', si: 'yes', sip: 'yes', simon: 'yes', claro: 'sure', dale: 'go ahead', 'dale pues': 'go ahead', va: 'ok', vale: 'ok', ok: 'ok',
  listo: 'ok', 'de una': 'sure', hecho: 'deal', trato: 'deal', no: 'no', nop: 'no', nel: 'no', naa: 'no', 'no gracias': 'no thanks', 'ahora no': 'not now',
  'olvidalo': 'never mind', 'mejor no': 'never mind', 'en realidad': 'actually', mejor: 'make it', 'cambia a': 'make it', 'cambialo a': 'make it', 'mejor a': 'make it',
  perdon: 'sorry', disculpa: 'sorry', 'lo siento': 'sorry', perdona: 'sorry', compa: 'bro', amigo: 'friend', amiga: 'friend', bro: 'bro', pana: 'bro', parce: 'bro',
  tio: 'dude', tia: 'lady', chamo: 'bro', wey: 'dude', guey: 'dude', senor: 'sir', senora: 'madam', senorita: 'miss',
  // pronouns and small words
  yo: 'i', tu: 'your', 'para mi': 'for me', 'a mi': 'to me', vos: 'you', usted: 'you', ustedes: 'you', me: 'me', mi: 'my', mis: 'my', tus: 'your', su: 'your', sus: 'your', te: 'you', el: 'the', la: 'the', los: 'the',
  las: 'the', lo: 'it', un: 'a', una: 'a', unos: 'some', unas: 'some', algun: 'any', alguna: 'any', algunas: 'some', algunos: 'some', de: 'of', d: 'of', del: 'of the', en: 'in',
  con: 'with', a: 'to', al: 'to the', para: 'to', pa: 'to', hacia: 'to', y: 'and', e: 'and', o: 'or', que: 'that', q: 'that', k: 'that', 'lo que': 'what', cual: 'which',
  ese: 'that', esa: 'that', eso: 'that', este: 'this', esta: 'is', esto: 'this', aquel: 'that', aquella: 'that', 'este pueblo': 'this town', 'esta ciudad': 'this town',
  aqui: 'here', aca: 'here', ahi: 'there', alla: 'over there', alli: 'there', solo: 'just', tmb: 'too', tambien: 'too', mas: 'more', muy: 'very', todo: 'everything',
  todos: 'all', todas: 'all', 'todos ellos': 'all of them', 'todas ellas': 'all of them', 'todo eso': 'all of them', es: 'is', estoy: 'i am', toy: 'i am', soy: 'i am',
  eres: 'you are', hoy: 'today', ahora: 'now', luego: 'later', xq: 'why', pq: 'why', porque: 'because', 'por que': 'why', 'y el': 'and the', 'y la': 'and the',
  'y los': 'and the', 'y las': 'and the', tengo: 'i have', tienes: 'do you have', tiene: 'has', tenes: 'do you have', hay: 'is there', docena: 'dozen', 'una docena': 'a dozen',
  uno: '1', dos: '2', tres: '3', cuatro: '4', cinco: '5', seis: '6', siete: '7', ocho: '8', nueve: '9', diez: '10', doce: '12', quince: '15', veinte: '20', treinta: '30',
  cincuenta: '50', cien: '100', 'dos mas': '2 more', 'otros dos': '2 more', 'otras dos': '2 more', 'uno mas': '1 more', 'una mas': '1 more', 'otro': 'another',
  // trade
  'quiero comprar': 'i want to buy', 'kiero comprar': 'i want to buy', comprar: 'buy', compro: 'want to buy', dame: 'give me', deme: 'give me', damelo: 'give me',
  vendeme: 'sell me', 'me vendes': 'sell me', 'me vende': 'sell me', vendes: 'do you sell', vende: 'sell', venden: 'sell', 'quiero vender': 'i want to sell',
  vender: 'sell', vendo: 'want to sell', compras: 'do you buy', 'me compras': 'do you buy', compra: 'buy', compran: 'buy', 'me llevo': 'i will take', llevo: 'i will take',
  quiero: 'i want', kiero: 'i want', quisiera: 'i would like', necesito: 'i need', tienda: 'shop', 'tienda de armas': 'weapon shop', 'tienda de armaduras': 'armor shop',
  'tienda de objetos': 'tool shop', 'tienda de pociones': 'tool shop', mercado: 'market', 'cuanto me das': 'how much will you give', 'cuanto me pagas': 'how much will you pay',
  'cuanto pagas': 'how much will you pay', pagas: 'pay', botin: 'loot', drops: 'loot', loot: 'loot', cuanto: 'how much', cuant: 'how much', cuantos: 'how many',
  cuantas: 'how many', 'cuanto cuesta': 'how much is', 'cuanto vale': 'how much is', 'cuanto sale': 'how much is', 'cuanto es': 'how much is', 'a cuanto': 'how much is',
  cuesta: 'costs', precio: 'price', precios: 'prices', 'q precio': 'what price', 'que precio': 'what price', caro: 'expensive', cara: 'expensive', barato: 'cheap',
  descuento: 'discount', 'mas barato': 'cheaper', dinero: 'money', plata: 'money', pasta: 'money',
  // items
  pocion: 'potion', pociones: 'potions', 'ala de mosca': 'fly wing', 'alas de mosca': 'fly wings', 'ala de mariposa': 'butterfly wing', 'alas de mariposa': 'butterfly wings',
  gema: 'gem', gemas: 'gems', pluma: 'feather', plumas: 'feathers', espada: 'sword', espadas: 'swords', daga: 'dagger', dagas: 'daggers', armadura: 'armor', botas: 'boots',
  bota: 'boots', zapatos: 'shoes', arco: 'bow', flecha: 'arrow', flechas: 'arrows', escudo: 'shield', capa: 'muffler', sombrero: 'hat', casco: 'helm', hierba: 'herb',
  hierbas: 'herbs', manzana: 'apple', manzanas: 'apples', carne: 'meat', leche: 'milk', miel: 'honey', arma: 'weapon', armas: 'weapons', equipo: 'equipment', cosas: 'things',
  objetos: 'items', items: 'items', lupa: 'magnifier', 'agua bendita': 'holy water',
  roja: 'red', rojo: 'red', rojas: 'red', rojos: 'red', azul: 'blue', azules: 'blue', amarilla: 'yellow', amarillo: 'yellow', amarillas: 'yellow', amarillos: 'yellow',
  blanca: 'white', blanco: 'white', blancas: 'white', blancos: 'white', verde: 'green', verdes: 'green', naranja: 'orange', naranjas: 'orange',
  // travel
  donde: 'where', adonde: 'where', onde: 'where', 'donde esta': 'where is', 'donde queda': 'where is', 'donde es': 'where is', 'donde hay': 'where is',
  'como llego': 'how do i get', 'como voy': 'how do i get', 'como se llega': 'how do i get', llegar: 'get', camino: 'way', perdido: 'lost', perdida: 'lost', lejos: 'far',
  cerca: 'near', llevame: 'take me', 'me llevas': 'take me', 'lleva me': 'take me', mandame: 'send me', 'me mandas': 'send me', enviame: 'send me',
  teletransportame: 'teleport me', teletransporta: 'teleport', teletransporte: 'teleport', teleportame: 'teleport me', teleporta: 'teleport',
  'quiero ir': 'i want to go', 'kiero ir': 'i want to go', ir: 'go', voy: 'i will go', viaje: 'trip', destino: 'destination',
  iglesia: 'church', posada: 'inn', taberna: 'tavern', hotel: 'inn', castillo: 'castle', fuente: 'fountain', puerto: 'docks', muelle: 'docks', puerta: 'gate',
  biblioteca: 'library', banco: 'bank', cementerio: 'cemetery', herreria: 'refinery', forja: 'forge', mazmorra: 'dungeon', calabozo: 'dungeon', cueva: 'cave',
  pueblo: 'town', ciudad: 'town',
  // services
  almacen: 'storage', almacenamiento: 'storage', baul: 'storage', guardar: 'store', deposito: 'deposit', depositar: 'deposit', sacar: 'withdraw', retirar: 'withdraw',
  inventario: 'inventory', mochila: 'bag', bolsa: 'bag', lleno: 'full', llena: 'full', pesado: 'heavy', abre: 'open', abrir: 'open', abreme: 'open', 'mi almacen': 'my storage',
  guarda: 'save', 'guarda mi': 'save my', 'guardar posicion': 'save location', 'guardar mi': 'save my', 'guardame': 'save', punto: 'point', 'punto de guardado': 'save point',
  'punto de retorno': 'save point', 'punto de respawn': 'save point', reaparecer: 'respawn', revivir: 'respawn', marca: 'set', marcar: 'set', posicion: 'location',
  retorno: 'return', muero: 'i die', morir: 'die',
  // quests
  mision: 'quest', misiones: 'quests', tarea: 'task', tareas: 'tasks', trabajo: 'work', chamba: 'work', curro: 'work', encargo: 'errand', 'necesitas ayuda': 'do you need help',
  ayuda: 'help', ayudame: 'help me', 'me ayudas': 'help me', ayudar: 'help', mate: 'i killed', traje: 'i brought', termine: 'i finished', acabe: 'i finished',
  entregue: 'i delivered', consegui: 'i got', 'que pediste': 'you asked for', pediste: 'asked for', recompensa: 'reward', premio: 'reward', 'cuantos me faltan': 'how many more',
  'cuantos faltan': 'how many more', faltan: 'left', falta: 'left',
  // jobs
  'quiero ser': 'i want to be', 'kiero ser': 'i want to be', ser: 'be', volverme: 'become', convertirme: 'become', conviorteme: 'make me',
  convierteme: 'make me', 'hazme': 'make me', 'cambiar de clase': 'job change', 'cambio de clase': 'job change', 'cambiar de job': 'job change', clase: 'class',
  'puedo ser': 'can i be', mago: 'mage', maga: 'mage', espadachin: 'swordman', arquero: 'archer', arquera: 'archer', acolito: 'acolyte', acolita: 'acolyte', ladron: 'thief',
  ladrona: 'thief', mercader: 'merchant', novato: 'novice', aprendiz: 'novice', caballero: 'knight', hechicero: 'wizard', sacerdote: 'priest', sacerdotisa: 'priest',
  cazador: 'hunter', herrero: 'blacksmith', alquimista: 'alchemist', asesino: 'assassin', monje: 'monk', cruzado: 'crusader', sabio: 'sage', picaro: 'rogue', bardo: 'bard',
  bailarina: 'dancer', pistolero: 'gunslinger',
  // refine
  refina: 'refine', refinar: 'refine', refinamiento: 'refine', refinado: 'refine', mejora: 'upgrade', mejorar: 'upgrade', subir: 'upgrade',
  // lore, smalltalk
  quien: 'who', 'quien es': 'who is', rey: 'king', reina: 'queen', historia: 'story', leyenda: 'legend', cuentame: 'tell me', 'me cuentas': 'tell me', 'que paso': 'what happened',
  'que le paso': 'what happened to', paso: 'happened', sobre: 'about', 'que es': 'what is', dia: 'day', lindo: 'lovely', linda: 'lovely', bonito: 'nice', bonita: 'nice',
  tiempo: 'weather', clima: 'weather', lluvia: 'rain', jaja: 'lol', jajaja: 'lol', jajajaja: 'lol', jeje: 'lol', xd: 'lol', gracioso: 'funny', graciosa: 'funny',
  chistoso: 'funny', contigo: 'with you', gusta: 'like', 'te gusta': 'do you like', trabajas: 'work',
  // insults
  idiota: 'idiot', tonto: 'stupid', tonta: 'stupid', estupido: 'stupid', estupida: 'stupid', inutil: 'useless', callate: 'shut up', 'cierra la boca': 'shut up',
  'vete a la mierda': 'screw you', 'vete al diablo': 'go to hell', basura: 'trash', imbecil: 'imbecile', pendejo: 'idiot', pendeja: 'idiot', boludo: 'idiot', weon: 'idiot',
  huevon: 'idiot', gilipollas: 'asshole', cabron: 'bastard', mierda: 'shit', feo: 'ugly', fea: 'ugly', perdedor: 'loser', puto: 'fuck', puta: 'bitch',
  // help
  'soy nuevo': 'i am new', 'soy nueva': 'i am new', principiante: 'beginner', 'que hago': 'what do i do', 'q hago': 'what do i do', 'que debo hacer': 'what should i do',
  'que puedes hacer': 'what can you do', 'q puedes hacer': 'what can you do', 'que haces': 'what do you do', 'como funciona': 'how does work', funciona: 'works',
  consejo: 'tip', consejos: 'tips', puedo: 'can i', puedes: 'can you', hacer: 'do',
};
