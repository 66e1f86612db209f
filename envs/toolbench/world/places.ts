/**
 * A fixed gazetteer every domain draws its places from, so records of different domains meet in
 * the same cities (a hotel's city has a forecast, a listing's city has restaurants) while each
 * domain keeps its own random stream.
 */
export interface Place {
  readonly city: string;
  readonly country: string;
  readonly countryCode: string;
  /** The main airport's IATA code. */
  readonly iata: string;
  readonly airport: string;
  readonly lat: number;
  readonly lon: number;
  readonly timezone: string;
  readonly currency: string;
  /** US state code, for US cities. */
  readonly state: string | null;
  /** Typical mid-June daily high (°C) and chance of a rainy day: the weather generator's climate. */
  readonly juneHigh: number;
  readonly rainChance: number;
}

const P = (
  city: string, country: string, countryCode: string, iata: string, airport: string, lat: number, lon: number,
  timezone: string, currency: string, state: string | null, juneHigh: number, rainChance: number,
): Place => ({ city, country, countryCode, iata, airport, lat, lon, timezone, currency, state, juneHigh, rainChance });

export const PLACES: readonly Place[] = [
  P('New York', 'United States', 'US', 'JFK', 'John F. Kennedy International', 40.71, -74.01, 'America/New_York', 'USD', 'NY', 27, 0.35),
  P('Los Angeles', 'United States', 'US', 'LAX', 'Los Angeles International', 34.05, -118.24, 'America/Los_Angeles', 'USD', 'CA', 26, 0.05),
  P('Chicago', 'United States', 'US', 'ORD', "O'Hare International", 41.88, -87.63, 'America/Chicago', 'USD', 'IL', 27, 0.4),
  P('Houston', 'United States', 'US', 'IAH', 'George Bush Intercontinental', 29.76, -95.37, 'America/Chicago', 'USD', 'TX', 33, 0.4),
  P('Phoenix', 'United States', 'US', 'PHX', 'Phoenix Sky Harbor', 33.45, -112.07, 'America/Phoenix', 'USD', 'AZ', 40, 0.03),
  P('Seattle', 'United States', 'US', 'SEA', 'Seattle-Tacoma International', 47.61, -122.33, 'America/Los_Angeles', 'USD', 'WA', 22, 0.3),
  P('Denver', 'United States', 'US', 'DEN', 'Denver International', 39.74, -104.99, 'America/Denver', 'USD', 'CO', 28, 0.3),
  P('Boston', 'United States', 'US', 'BOS', 'Logan International', 42.36, -71.06, 'America/New_York', 'USD', 'MA', 25, 0.35),
  P('Miami', 'United States', 'US', 'MIA', 'Miami International', 25.76, -80.19, 'America/New_York', 'USD', 'FL', 31, 0.6),
  P('Atlanta', 'United States', 'US', 'ATL', 'Hartsfield-Jackson International', 33.75, -84.39, 'America/New_York', 'USD', 'GA', 31, 0.4),
  P('San Francisco', 'United States', 'US', 'SFO', 'San Francisco International', 37.77, -122.42, 'America/Los_Angeles', 'USD', 'CA', 21, 0.05),
  P('Austin', 'United States', 'US', 'AUS', 'Austin-Bergstrom International', 30.27, -97.74, 'America/Chicago', 'USD', 'TX', 34, 0.3),
  P('London', 'United Kingdom', 'GB', 'LHR', 'Heathrow', 51.51, -0.13, 'Europe/London', 'GBP', null, 21, 0.4),
  P('Paris', 'France', 'FR', 'CDG', 'Charles de Gaulle', 48.86, 2.35, 'Europe/Paris', 'EUR', null, 23, 0.35),
  P('Berlin', 'Germany', 'DE', 'BER', 'Berlin Brandenburg', 52.52, 13.4, 'Europe/Berlin', 'EUR', null, 23, 0.35),
  P('Madrid', 'Spain', 'ES', 'MAD', 'Adolfo Suarez Madrid-Barajas', 40.42, -3.7, 'Europe/Madrid', 'EUR', null, 30, 0.1),
  P('Rome', 'Italy', 'IT', 'FCO', 'Leonardo da Vinci-Fiumicino', 41.9, 12.5, 'Europe/Rome', 'EUR', null, 28, 0.15),
  P('Amsterdam', 'Netherlands', 'NL', 'AMS', 'Schiphol', 52.37, 4.9, 'Europe/Amsterdam', 'EUR', null, 20, 0.4),
  P('Stockholm', 'Sweden', 'SE', 'ARN', 'Arlanda', 59.33, 18.07, 'Europe/Stockholm', 'SEK', null, 20, 0.35),
  P('Tokyo', 'Japan', 'JP', 'HND', 'Haneda', 35.68, 139.69, 'Asia/Tokyo', 'JPY', null, 26, 0.55),
  P('Seoul', 'South Korea', 'KR', 'ICN', 'Incheon International', 37.57, 126.98, 'Asia/Seoul', 'KRW', null, 27, 0.45),
  P('Singapore', 'Singapore', 'SG', 'SIN', 'Changi', 1.35, 103.82, 'Asia/Singapore', 'SGD', null, 31, 0.55),
  P('Mumbai', 'India', 'IN', 'BOM', 'Chhatrapati Shivaji Maharaj International', 19.08, 72.88, 'Asia/Kolkata', 'INR', null, 32, 0.7),
  P('Dubai', 'United Arab Emirates', 'AE', 'DXB', 'Dubai International', 25.2, 55.27, 'Asia/Dubai', 'AED', null, 40, 0.01),
  P('Sydney', 'Australia', 'AU', 'SYD', 'Kingsford Smith', -33.87, 151.21, 'Australia/Sydney', 'AUD', null, 17, 0.4),
  P('Toronto', 'Canada', 'CA', 'YYZ', 'Toronto Pearson International', 43.65, -79.38, 'America/Toronto', 'CAD', null, 24, 0.35),
  P('Mexico City', 'Mexico', 'MX', 'MEX', 'Benito Juarez International', 19.43, -99.13, 'America/Mexico_City', 'MXN', null, 24, 0.6),
  P('Sao Paulo', 'Brazil', 'BR', 'GRU', 'Guarulhos International', -23.55, -46.63, 'America/Sao_Paulo', 'BRL', null, 22, 0.2),
  P('Cairo', 'Egypt', 'EG', 'CAI', 'Cairo International', 30.04, 31.24, 'Africa/Cairo', 'EGP', null, 35, 0.01),
  P('Cape Town', 'South Africa', 'ZA', 'CPT', 'Cape Town International', -33.92, 18.42, 'Africa/Johannesburg', 'ZAR', null, 18, 0.45),
];

export const US_PLACES: readonly Place[] = PLACES.filter((p) => p.countryCode === 'US');

const BY_CITY = new Map(PLACES.map((p) => [p.city.toLowerCase(), p]));
const BY_IATA = new Map(PLACES.map((p) => [p.iata, p]));

/** A place by city name (any case) or airport code. */
export function findPlace(query: string): Place | undefined {
  const q = query.trim();
  return BY_CITY.get(q.toLowerCase()) ?? BY_IATA.get(q.toUpperCase()) ?? BY_CITY.get(q.toLowerCase().split(',')[0]!.trim());
}
